package dev.kafkalink.offsets;

/**
 * The groups one task syncs: those whose name hashes to its index. Every task computes the same
 * split from the name alone, so tasks need no coordination and a group always has one owner.
 */
record GroupShare(int index, int count) {

    GroupShare {
        if (count < 1 || index < 0 || index >= count) {
            throw new IllegalArgumentException("Bad group share " + index + "/" + count);
        }
    }

    static GroupShare parse(String text) {
        String[] parts = text.split("/");
        return new GroupShare(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
    }

    boolean owns(String group) {
        // String.hashCode is specified by the JLS, so every worker agrees.
        return Math.floorMod(group.hashCode(), count) == index;
    }

    String encode() {
        return index + "/" + count;
    }
}
