package io.cairn.replication.partition;

import io.cairn.api.Bytes;
import io.cairn.api.CairnException;
import io.cairn.api.ErrorCode;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The partition map: partitions that cut the whole keyspace into contiguous ranges, in key order,
 * and an epoch that grows by one on every change. Immutable: a change returns a new map, so a
 * client or node holding a map holds one consistent view, and compares epochs to know whether its
 * copy is stale.
 *
 * <p>Changes check their input and refuse with {@link ErrorCode#INVALID_ARGUMENT} naming what is
 * wrong (a split key outside the partition, partitions that are not neighbours, an unknown node),
 * leaving the map as it was.
 */
public final class PartitionMap {
    private static final int FORMAT = 1;

    private final long epoch;
    private final List<Partition> partitions;

    /**
     * A map at {@code epoch} of {@code partitions}, which must be in key order, cover the whole
     * keyspace without gaps or overlaps, have distinct ids and at least one replica each.
     *
     * @throws CairnException 2000 naming the first rule broken
     */
    public PartitionMap(long epoch, List<Partition> partitions) {
        this.epoch = epoch;
        this.partitions = List.copyOf(partitions);
        check();
    }

    /** The first map of a cluster: epoch 1, partition 0 holding every key, on {@code replicas}. */
    public static PartitionMap initial(List<String> replicas) {
        return new PartitionMap(1, List.of(new Partition(0, Bytes.EMPTY, null, replicas)));
    }

    private void check() {
        if (partitions.isEmpty()) {
            throw invalid("a partition map needs at least one partition");
        }
        if (epoch < 1) {
            throw invalid("a partition map's epoch starts at 1, not " + epoch);
        }
        Set<Long> ids = new HashSet<>();
        byte[] expected = Bytes.EMPTY;
        for (Partition p : partitions) {
            if (!ids.add(p.id())) {
                throw invalid("partition id " + p.id() + " appears twice");
            }
            if (expected == null || Bytes.compare(p.begin(), expected) != 0) {
                throw invalid("partition " + p.id() + " begins at " + Bytes.printable(p.begin()) + " but the previous"
                        + " partition ends at " + (expected == null ? "the end of the keyspace" : Bytes.printable(expected)));
            }
            if (p.end() != null && Bytes.compare(p.begin(), p.end()) >= 0) {
                throw invalid("partition " + p.id() + " has an empty range " + p.rangeText());
            }
            if (p.replicas().isEmpty() || new HashSet<>(p.replicas()).size() != p.replicas().size()) {
                throw invalid("partition " + p.id() + " needs distinct replicas, not " + p.replicas());
            }
            expected = p.end();
        }
        if (expected != null) {
            throw invalid("the last partition ends at " + Bytes.printable(expected) + " instead of the end of the keyspace");
        }
    }

    /** The epoch: 1 for the first map, one more after each change. */
    public long epoch() {
        return epoch;
    }

    /** The partitions in key order. */
    public List<Partition> partitions() {
        return partitions;
    }

    /** The partition holding {@code key}. */
    public Partition partitionFor(byte[] key) {
        int lo = 0;
        int hi = partitions.size() - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (Bytes.compare(partitions.get(mid).begin(), key) <= 0) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return partitions.get(lo);
    }

    /** The partitions that hold keys in {@code [begin, end)}, in key order; none for an empty range. */
    public List<Partition> partitionsFor(byte[] begin, byte[] end) {
        List<Partition> out = new ArrayList<>();
        if (Bytes.compare(begin, end) >= 0) {
            return out;
        }
        for (Partition p : partitions) {
            boolean before = p.end() != null && Bytes.compare(p.end(), begin) <= 0;
            boolean after = Bytes.compare(p.begin(), end) >= 0;
            if (!before && !after) {
                out.add(p);
            }
        }
        return out;
    }

    /**
     * The partition numbered {@code id}.
     *
     * @throws CairnException 2000 when there is none
     */
    public Partition byId(long id) {
        for (Partition p : partitions) {
            if (p.id() == id) {
                return p;
            }
        }
        throw invalid("no partition " + id + "; the partitions are " + ids());
    }

    private List<Long> ids() {
        List<Long> out = new ArrayList<>();
        partitions.forEach(p -> out.add(p.id()));
        return out;
    }

    /** The id the next new partition gets: one more than any id in this map. */
    public long nextId() {
        long max = -1;
        for (Partition p : partitions) {
            max = Math.max(max, p.id());
        }
        return max + 1;
    }

    /**
     * Splits partition {@code id} at {@code at}: it keeps {@code [begin, at)} and a new partition,
     * numbered {@link #nextId()}, on the same replicas takes {@code [at, end)}.
     *
     * @throws CairnException 2000 when there is no such partition or {@code at} is not strictly
     *     inside its range
     */
    public PartitionMap split(long id, byte[] at) {
        Partition p = byId(id);
        if (Bytes.compare(at, p.begin()) <= 0 || (p.end() != null && Bytes.compare(at, p.end()) >= 0)) {
            throw invalid("cannot split partition " + id + " " + p.rangeText() + " at " + Bytes.printable(at)
                    + ": the key must be inside the partition and after its first key");
        }
        List<Partition> out = new ArrayList<>();
        for (Partition q : partitions) {
            if (q.id() == id) {
                out.add(new Partition(q.id(), q.begin(), at, q.replicas()));
                out.add(new Partition(nextId(), at, q.end(), q.replicas()));
            } else {
                out.add(q);
            }
        }
        return new PartitionMap(epoch + 1, out);
    }

    /**
     * The map cut at each key of {@code boundaries} that is not already where a partition begins
     * (as a keyspace's {@link io.cairn.api.partition.Placement#boundaries} asks), in one change: the epoch grows by one.
     * New partitions take the next ids, in key order, on their parent's replicas.
     */
    public PartitionMap splitAt(List<byte[]> boundaries) {
        PartitionMap m = this;
        for (byte[] k : boundaries) {
            Partition p = m.partitionFor(k);
            if (Bytes.compare(p.begin(), k) != 0) {
                m = m.split(p.id(), k);
            }
        }
        return m == this ? this : new PartitionMap(epoch + 1, m.partitions);
    }

    /**
     * Merges the neighbours {@code first} and {@code second} (in either order) into one partition
     * that keeps the lower partition's id.
     *
     * @throws CairnException 2000 when either is unknown, they are not neighbours, or their
     *     replicas differ (move replicas first)
     */
    public PartitionMap merge(long first, long second) {
        Partition a = byId(first);
        Partition b = byId(second);
        if (Bytes.compare(a.begin(), b.begin()) > 0) {
            Partition t = a;
            a = b;
            b = t;
        }
        if (a.id() == b.id() || a.end() == null || Bytes.compare(a.end(), b.begin()) != 0) {
            throw invalid("partitions " + first + " and " + second + " are not neighbours: " + a.rangeText() + " and "
                    + b.rangeText());
        }
        if (!new HashSet<>(a.replicas()).equals(new HashSet<>(b.replicas()))) {
            throw invalid("partitions " + a.id() + " (on " + a.replicas() + ") and " + b.id() + " (on " + b.replicas()
                    + ") are on different nodes; move replicas until they match, then merge");
        }
        List<Partition> out = new ArrayList<>();
        for (Partition q : partitions) {
            if (q.id() == a.id()) {
                out.add(new Partition(a.id(), a.begin(), b.end(), a.replicas()));
            } else if (q.id() != b.id()) {
                out.add(q);
            }
        }
        return new PartitionMap(epoch + 1, out);
    }

    /**
     * Moves partition {@code id}'s replica from node {@code from} to node {@code to}.
     *
     * @throws CairnException 2000 when the partition is unknown, {@code from} does not replicate
     *     it, or {@code to} already does
     */
    public PartitionMap move(long id, String from, String to) {
        Partition p = byId(id);
        if (!p.replicas().contains(from)) {
            throw invalid("node " + from + " does not replicate partition " + id + " (its replicas are " + p.replicas()
                    + ")");
        }
        if (p.replicas().contains(to)) {
            throw invalid("node " + to + " already replicates partition " + id);
        }
        List<String> replicas = new ArrayList<>(p.replicas());
        replicas.set(replicas.indexOf(from), to);
        List<Partition> out = new ArrayList<>();
        for (Partition q : partitions) {
            out.add(q.id() == id ? q.withReplicas(replicas) : q);
        }
        return new PartitionMap(epoch + 1, out);
    }

    /** The map in a compact binary form that {@link #decode} reads back. */
    public byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            out.writeLong(epoch);
            out.writeInt(partitions.size());
            for (Partition p : partitions) {
                out.writeLong(p.id());
                writeBytes(out, p.begin());
                out.writeBoolean(p.end() != null);
                if (p.end() != null) {
                    writeBytes(out, p.end());
                }
                out.writeInt(p.replicas().size());
                for (String r : p.replicas()) {
                    out.writeUTF(r);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory failed", e);
        }
        return bytes.toByteArray();
    }

    /**
     * Reads a map that {@link #encode} wrote.
     *
     * @throws CairnException {@link ErrorCode#DATA_CORRUPT} when the bytes are not such a map
     */
    public static PartitionMap decode(byte[] data) {
        try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(data))) {
            int format = in.readUnsignedByte();
            if (format != FORMAT) {
                throw new IOException("unknown format " + format);
            }
            long epoch = in.readLong();
            int n = in.readInt();
            if (n < 1 || n > data.length) {
                throw new IOException("bad partition count " + n);
            }
            List<Partition> partitions = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                long id = in.readLong();
                byte[] begin = readBytes(in, data.length);
                byte[] end = in.readBoolean() ? readBytes(in, data.length) : null;
                int r = in.readInt();
                if (r < 0 || r > data.length) {
                    throw new IOException("bad replica count " + r);
                }
                List<String> replicas = new ArrayList<>(r);
                for (int j = 0; j < r; j++) {
                    replicas.add(in.readUTF());
                }
                partitions.add(new Partition(id, begin, end, replicas));
            }
            if (in.available() > 0) {
                throw new IOException(in.available() + " bytes after the map");
            }
            return new PartitionMap(epoch, partitions);
        } catch (IOException | CairnException e) {
            throw new CairnException(ErrorCode.DATA_CORRUPT, "not a partition map: " + e.getMessage(), e);
        }
    }

    private static void writeBytes(DataOutputStream out, byte[] b) throws IOException {
        out.writeInt(b.length);
        out.write(b);
    }

    private static byte[] readBytes(DataInputStream in, int limit) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > limit) {
            throw new IOException("bad key length " + n);
        }
        byte[] b = in.readNBytes(n);
        if (b.length != n) {
            throw new java.io.EOFException("a key is cut short");
        }
        return b;
    }

    private static CairnException invalid(String message) {
        return new CairnException(ErrorCode.INVALID_ARGUMENT, message);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PartitionMap m && m.epoch == epoch && m.partitions.equals(partitions);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(epoch) * 31 + partitions.hashCode();
    }

    @Override
    public String toString() {
        return "partition map epoch " + epoch + " " + partitions;
    }
}
