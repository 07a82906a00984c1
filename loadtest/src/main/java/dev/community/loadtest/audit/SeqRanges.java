package dev.community.loadtest.audit;

import java.util.Arrays;

/**
 * A set of seqs kept as sorted, disjoint, non-adjacent closed ranges. A member that receives a room's messages
 * in order holds one range however many it received, so a run with many thousand members stays small; each
 * lost message costs one more range at most.
 */
public final class SeqRanges {
    /** starts[i]..ends[i], both inclusive, for i below size; sorted and separated by at least one seq. */
    private long[] starts = new long[2];
    private long[] ends = new long[2];
    private int size;
    private long count;

    /** @return false when {@code seq} was already in the set */
    public boolean add(long seq) {
        if (size > 0 && seq > ends[size - 1]) {
            // The common case: the next seq in order, or after a gap.
            if (seq == ends[size - 1] + 1) {
                ends[size - 1] = seq;
            } else {
                append(seq);
            }
            count++;
            return true;
        }
        if (size == 0) {
            append(seq);
            count++;
            return true;
        }
        int i = floorIndex(seq);
        if (i >= 0 && seq <= ends[i]) {
            return false;
        }
        boolean joinsLeft = i >= 0 && ends[i] + 1 == seq;
        boolean joinsRight = i + 1 < size && starts[i + 1] - 1 == seq;
        if (joinsLeft && joinsRight) {
            ends[i] = ends[i + 1];
            remove(i + 1);
        } else if (joinsLeft) {
            ends[i] = seq;
        } else if (joinsRight) {
            starts[i + 1] = seq;
        } else {
            insert(i + 1, seq);
        }
        count++;
        return true;
    }

    public boolean contains(long seq) {
        int i = floorIndex(seq);
        return i >= 0 && seq <= ends[i];
    }

    /** How many seqs the set holds. */
    public long count() {
        return count;
    }

    /** How many ranges: 1 for a member that missed nothing since it started. */
    public int rangeCount() {
        return size;
    }

    /** How many of {@code sortedValues} (ascending, distinct) in {@code (after, upTo]} are in this set. */
    public long countOf(long[] sortedValues, long after, long upTo) {
        long matched = 0;
        for (int i = 0; i < size; i++) {
            long lo = Math.max(starts[i], after + 1);
            long hi = Math.min(ends[i], upTo);
            if (lo <= hi) {
                matched += countBetween(sortedValues, lo, hi);
            }
        }
        return matched;
    }

    /** How many of {@code sortedValues} (ascending) lie in {@code [lo, hi]}. */
    public static long countBetween(long[] sortedValues, long lo, long hi) {
        if (lo > hi) {
            return 0;
        }
        return lowerBound(sortedValues, hi + 1) - lowerBound(sortedValues, lo);
    }

    /** The first index whose value is at least {@code key}. */
    static int lowerBound(long[] sorted, long key) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < key) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** The index of the last range starting at or before {@code seq}, or -1. */
    private int floorIndex(long seq) {
        int lo = 0;
        int hi = size - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (starts[mid] <= seq) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    private void append(long seq) {
        grow();
        starts[size] = seq;
        ends[size] = seq;
        size++;
    }

    private void insert(int at, long seq) {
        grow();
        System.arraycopy(starts, at, starts, at + 1, size - at);
        System.arraycopy(ends, at, ends, at + 1, size - at);
        starts[at] = seq;
        ends[at] = seq;
        size++;
    }

    private void remove(int at) {
        System.arraycopy(starts, at + 1, starts, at, size - at - 1);
        System.arraycopy(ends, at + 1, ends, at, size - at - 1);
        size--;
    }

    private void grow() {
        if (size == starts.length) {
            starts = Arrays.copyOf(starts, size * 2);
            ends = Arrays.copyOf(ends, size * 2);
        }
    }
}
