package io.cairn.replication.partition;

import io.cairn.api.Bytes;
import java.util.Arrays;
import java.util.List;

/**
 * One partition: the contiguous key range {@code [begin, end)} replicated by its own Raft group on
 * {@code replicas}.
 *
 * @param id the partition's number, never reused in a map's life
 * @param begin the first key it holds (empty for the first partition)
 * @param end the first key it does not hold, or {@code null} for the end of the keyspace
 * @param replicas the names of the nodes that replicate it, without repeats
 */
public record Partition(long id, byte[] begin, byte[] end, List<String> replicas) {
    /** Copies the arrays and the list. */
    public Partition {
        begin = begin.clone();
        end = end == null ? null : end.clone();
        replicas = List.copyOf(replicas);
    }

    /** Whether {@code key} falls in this partition's range. */
    public boolean contains(byte[] key) {
        return Bytes.compare(key, begin) >= 0 && (end == null || Bytes.compare(key, end) < 0);
    }

    /** This partition with {@code replicas} in place of its own. */
    Partition withReplicas(List<String> replicas) {
        return new Partition(id, begin, end, replicas);
    }

    /** The range as text, {@code [begin, end)} with keys escaped as the command line prints them. */
    public String rangeText() {
        return "[" + Bytes.printable(begin) + ", " + (end == null ? "end" : Bytes.printable(end)) + ")";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Partition p && p.id == id && Arrays.equals(p.begin, begin) && Arrays.equals(p.end, end)
                && p.replicas.equals(replicas);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(id) * 31 + Arrays.hashCode(begin);
    }

    @Override
    public String toString() {
        return "partition " + id + " " + rangeText() + " on " + String.join(",", replicas);
    }
}
