package dev.kafkalink.schemas;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** The versions of one subject: all of them (soft-deleted included) and the live ones. */
record SubjectVersions(Set<Integer> all, Set<Integer> live) {

    static SubjectVersions of(List<Integer> all, List<Integer> live) {
        return new SubjectVersions(new TreeSet<>(all), new TreeSet<>(live));
    }

    boolean softDeleted(int version) {
        return all.contains(version) && !live.contains(version);
    }
}
