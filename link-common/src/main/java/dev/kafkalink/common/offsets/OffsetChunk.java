package dev.kafkalink.common.offsets;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A run of consecutive offset map points of one partition, encoded compactly: the value of one state
 * record. Immutable; {@link #builder} makes a longer one.
 *
 * <pre>
 *   byte     format (1)
 *   varlong  first source offset, first destination offset
 *   entries, each a run of {@code repeat} points at the same steps from the point before:
 *     varlong  zigzag(sourceStep - destinationStep) &lt;&lt; 1 | (repeat &gt; 1 ? 1 : 0)
 *     varlong  destinationStep - 1                    (destination offsets increase strictly)
 *     varlong  repeat - 2                             (only when repeat &gt; 1)
 * </pre>
 *
 * A transaction marker after every few records costs two bytes a point (the destination step and a
 * source gap of one); single-record transactions, or an aborted stretch between records, repeat the
 * same steps and collapse into one entry.
 */
public final class OffsetChunk {

    private static final byte FORMAT = 1;

    private final byte[] encoded;
    private final OffsetPoint first;
    private final OffsetPoint last;
    private final long pointCount;
    private final Entry lastEntry;

    /** One encoded run, and where it starts in {@link #encoded} (to merge the next point into it). */
    private record Entry(long destinationStep, long gap, long repeat, int at) {
        long sourceStep() {
            return destinationStep + gap;
        }
    }

    private OffsetChunk(byte[] encoded, OffsetPoint first, OffsetPoint last, long pointCount, Entry lastEntry) {
        this.encoded = encoded;
        this.first = first;
        this.last = last;
        this.pointCount = pointCount;
        this.lastEntry = lastEntry;
    }

    /** Reads a stored chunk. */
    public static OffsetChunk decode(byte[] value) {
        if (value.length < 3 || value[0] != FORMAT) {
            throw new IllegalArgumentException("Not an offset map chunk of format " + FORMAT);
        }
        Reader reader = new Reader(value, 1);
        OffsetPoint first = new OffsetPoint(reader.varlong(), reader.varlong());
        OffsetChunk chunk = new OffsetChunk(value, first, first, 1, null);
        OffsetPoint[] last = {first};
        long[] count = {1};
        Entry[] lastEntry = {null};
        chunk.forEachEntry((from, entry) -> {
            last[0] = new OffsetPoint(from.sourceOffset() + entry.repeat() * entry.sourceStep(),
                    from.destinationOffset() + entry.repeat() * entry.destinationStep());
            count[0] += entry.repeat();
            lastEntry[0] = entry;
            return true;
        });
        return new OffsetChunk(value, first, last[0], count[0], lastEntry[0]);
    }

    /** The stored form. */
    public byte[] encoded() {
        return encoded;
    }

    public OffsetPoint first() {
        return first;
    }

    public OffsetPoint last() {
        return last;
    }

    public long pointCount() {
        return pointCount;
    }

    /** Bytes of the stored form. */
    public int size() {
        return encoded.length;
    }

    /** The last point at or below a destination offset, or null when the chunk starts above it. */
    public OffsetPoint floorByDestination(long destinationOffset) {
        if (destinationOffset < first.destinationOffset()) {
            return null;
        }
        if (destinationOffset >= last.destinationOffset()) {
            return last;
        }
        OffsetPoint[] floor = {first};
        forEachEntry((from, entry) -> {
            long steps = Math.min(entry.repeat(), (destinationOffset - from.destinationOffset()) / entry.destinationStep());
            floor[0] = step(from, entry, steps);
            return steps == entry.repeat();
        });
        return floor[0];
    }

    /**
     * The last point (in destination order) whose source offset is at or below {@code sourceOffset},
     * and the point after it: {@code [floor, next]}, either null. Source offsets do not decrease from
     * point to point in a map the link wrote.
     */
    public OffsetPoint[] bracketBySource(long sourceOffset) {
        OffsetPoint[] bracket = new OffsetPoint[2];
        if (sourceOffset < first.sourceOffset()) {
            bracket[1] = first;
            return bracket;
        }
        bracket[0] = first;
        forEachEntry((from, entry) -> {
            long steps = entry.sourceStep() <= 0 ? entry.repeat()
                    : Math.min(entry.repeat(), (sourceOffset - from.sourceOffset()) / entry.sourceStep());
            if (steps > 0) {
                bracket[0] = step(from, entry, steps);
            }
            if (steps < entry.repeat()) {
                bracket[1] = step(from, entry, steps + 1);
                return false;
            }
            return true;
        });
        return bracket;
    }

    /** The points below a destination offset, or null when none is. */
    public OffsetChunk below(long destinationOffset) {
        if (destinationOffset > last.destinationOffset()) {
            return this;
        }
        if (destinationOffset <= first.destinationOffset()) {
            return null;
        }
        Builder builder = new Builder(first);
        forEachPoint(point -> {
            if (point.destinationOffset() < destinationOffset && point != first) {
                builder.add(point);
            }
        });
        return builder.build();
    }

    /** Every point, in order (expands runs: for tests and small chunks). */
    public List<OffsetPoint> points() {
        List<OffsetPoint> points = new ArrayList<>();
        forEachPoint(points::add);
        return points;
    }

    private void forEachPoint(java.util.function.Consumer<OffsetPoint> action) {
        action.accept(first);
        forEachEntry((from, entry) -> {
            for (long k = 1; k <= entry.repeat(); k++) {
                action.accept(step(from, entry, k));
            }
            return true;
        });
    }

    private static OffsetPoint step(OffsetPoint from, Entry entry, long steps) {
        return new OffsetPoint(from.sourceOffset() + steps * entry.sourceStep(),
                from.destinationOffset() + steps * entry.destinationStep());
    }

    @FunctionalInterface
    private interface EntryVisitor {
        /** Visits a run that starts after {@code from}; false stops the walk. */
        boolean visit(OffsetPoint from, Entry entry);
    }

    private void forEachEntry(EntryVisitor visitor) {
        Reader reader = new Reader(encoded, 1);
        reader.varlong();
        reader.varlong();
        OffsetPoint from = first;
        while (reader.position < encoded.length) {
            int at = reader.position;
            long head = reader.varlong();
            long destinationStep = reader.varlong() + 1;
            long repeat = (head & 1) == 1 ? reader.varlong() + 2 : 1;
            Entry entry = new Entry(destinationStep, unzigzag(head >>> 1), repeat, at);
            if (!visitor.visit(from, entry)) {
                return;
            }
            from = step(from, entry, repeat);
        }
    }

    /** A builder that starts a new chunk at {@code first}. */
    public static Builder builder(OffsetPoint first) {
        return new Builder(first);
    }

    /** A builder that goes on where this chunk ends. */
    public Builder extend() {
        return new Builder(this);
    }

    /** Adds points after the last one; destination offsets must increase strictly. */
    public static final class Builder {
        private final OffsetPoint first;
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private OffsetPoint last;
        private long pointCount;
        private Entry lastEntry;

        private Builder(OffsetPoint first) {
            this.first = first;
            this.last = first;
            this.pointCount = 1;
            out.write(FORMAT);
            writeVarlong(out, first.sourceOffset());
            writeVarlong(out, first.destinationOffset());
        }

        private Builder(OffsetChunk chunk) {
            this.first = chunk.first;
            this.last = chunk.last;
            this.pointCount = chunk.pointCount;
            this.lastEntry = chunk.lastEntry;
            out.write(chunk.encoded, 0, chunk.encoded.length);
        }

        public Builder add(OffsetPoint point) {
            long destinationStep = point.destinationOffset() - last.destinationOffset();
            if (destinationStep <= 0) {
                throw new IllegalArgumentException("Point " + point + " does not follow " + last);
            }
            long gap = point.sourceOffset() - last.sourceOffset() - destinationStep;
            if (lastEntry != null && lastEntry.destinationStep() == destinationStep && lastEntry.gap() == gap) {
                // The same steps again: the last run grows by one, rewritten in place.
                byte[] bytes = out.toByteArray();
                out.reset();
                out.write(bytes, 0, lastEntry.at());
                lastEntry = writeEntry(destinationStep, gap, lastEntry.repeat() + 1);
            } else {
                lastEntry = writeEntry(destinationStep, gap, 1);
            }
            last = point;
            pointCount++;
            return this;
        }

        public OffsetPoint last() {
            return last;
        }

        /** Encoded entries so far (a run counts once). */
        public int size() {
            return out.size();
        }

        private Entry writeEntry(long destinationStep, long gap, long repeat) {
            int at = out.size();
            writeVarlong(out, zigzag(gap) << 1 | (repeat > 1 ? 1 : 0));
            writeVarlong(out, destinationStep - 1);
            if (repeat > 1) {
                writeVarlong(out, repeat - 2);
            }
            return new Entry(destinationStep, gap, repeat, at);
        }

        public OffsetChunk build() {
            return new OffsetChunk(out.toByteArray(), first, last, pointCount, lastEntry);
        }
    }

    private static long zigzag(long value) {
        return (value << 1) ^ (value >> 63);
    }

    private static long unzigzag(long value) {
        return (value >>> 1) ^ -(value & 1);
    }

    private static void writeVarlong(ByteArrayOutputStream out, long value) {
        while ((value & ~0x7FL) != 0) {
            out.write((int) ((value & 0x7F) | 0x80));
            value >>>= 7;
        }
        out.write((int) value);
    }

    private static final class Reader {
        private final byte[] bytes;
        private int position;

        Reader(byte[] bytes, int position) {
            this.bytes = bytes;
            this.position = position;
        }

        long varlong() {
            long value = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                byte b = bytes[position++];
                value |= (long) (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    return value;
                }
            }
            throw new IllegalArgumentException("Malformed offset map chunk");
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof OffsetChunk chunk && first.equals(chunk.first) && last.equals(chunk.last)
                && Arrays.equals(encoded, chunk.encoded);
    }

    @Override
    public int hashCode() {
        return first.hashCode() * 31 + last.hashCode();
    }

    @Override
    public String toString() {
        return "OffsetChunk[" + first + " .. " + last + ", " + pointCount + " points, " + size() + " bytes]";
    }
}
