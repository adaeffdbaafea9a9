package io.cairn.replication.meta;

import io.cairn.api.CairnException;
import io.cairn.api.ErrorCode;
import io.cairn.replication.partition.Partition;
import io.cairn.replication.partition.PartitionMap;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What the meta group replicates: the cluster's nodes (name to client address), the partition
 * map, and the timestamp oracle's reserved limit. Immutable: {@link #apply} returns the next state,
 * deterministically, so every member that applies the same commands in the same order holds the
 * same state.
 *
 * <p>An empty state (before {@link MetaCommand.Init}) has no nodes and no map.
 */
public final class MetaState {
    /** The format of the binary form; a form of another format is refused as corrupt. */
    private static final int FORMAT = 1;
    /** The state of a group that has applied nothing. */
    public static final MetaState EMPTY = new MetaState(new TreeMap<>(), null, 0);

    private final SortedMap<String, String> nodes;
    private final PartitionMap map;
    private final long timestampLimit;

    private MetaState(SortedMap<String, String> nodes, PartitionMap map, long timestampLimit) {
        this.nodes = Collections.unmodifiableSortedMap(nodes);
        this.map = map;
        this.timestampLimit = timestampLimit;
    }

    /**
     * The outcome of applying a command.
     *
     * @param state the state after it (the same state when it was refused or changed nothing)
     * @param refusal why it was refused, or {@code null} when it was applied
     */
    public record Outcome(MetaState state, CairnException refusal) {}

    /** Whether {@link MetaCommand.Init} has made this state (it has nodes and a map). */
    public boolean initialized() {
        return map != null;
    }

    /** The nodes by name, in name order, with their client addresses ({@code host:port}). */
    public SortedMap<String, String> nodes() {
        return nodes;
    }

    /** The partition map, or {@code null} before the state is initialized. */
    public PartitionMap map() {
        return map;
    }

    /** The map's epoch, or 0 before the state is initialized. */
    public long epoch() {
        return map == null ? 0 : map.epoch();
    }

    /** The timestamp oracle's reserved limit: no timestamp at or above it has been handed out. */
    public long timestampLimit() {
        return timestampLimit;
    }

    /** Applies {@code command}; never throws for a command that is refused, it says so in the outcome. */
    public Outcome apply(MetaCommand command) {
        try {
            return new Outcome(next(command), null);
        } catch (CairnException refused) {
            return new Outcome(this, refused);
        }
    }

    /** The largest timestamp limit a reservation may ask for: 2^62, far above any clock in microseconds. */
    public static final long MAX_TIMESTAMP_LIMIT = 1L << 62;

    private MetaState next(MetaCommand command) {
        if (command instanceof MetaCommand.ReserveTimestamps r) {
            if (r.limit() > MAX_TIMESTAMP_LIMIT) {
                // Far above any clock; refused so that limit + batch never overflows in the oracle.
                throw new CairnException(ErrorCode.INVALID_ARGUMENT, "a timestamp reservation up to " + r.limit()
                        + " is above the largest allowed, " + MAX_TIMESTAMP_LIMIT);
            }
            return r.limit() <= timestampLimit ? this : new MetaState(new TreeMap<>(nodes), map, r.limit());
        }
        if (command instanceof MetaCommand.Init i) {
            if (initialized()) {
                return this;
            }
            if (i.nodes().isEmpty()) {
                throw new CairnException(ErrorCode.INVALID_ARGUMENT, "the meta state needs at least one node");
            }
            return new MetaState(new TreeMap<>(i.nodes()), PartitionMap.initial(new ArrayList<>(i.nodes().keySet())),
                    timestampLimit);
        }
        if (!initialized()) {
            throw new CairnException(ErrorCode.INVALID_OPERATION, "the meta state is not initialized yet");
        }
        if (command instanceof MetaCommand.ChangeMap c) {
            return changeMap(c);
        }
        if (command instanceof MetaCommand.AddNode a) {
            return addNode(a);
        }
        return removeNode(((MetaCommand.RemoveNode) command).name());
    }

    private MetaState changeMap(MetaCommand.ChangeMap c) {
        if (c.newMap().equals(map)) {
            // The same change proposed again (a retry after an unknown outcome): it is in.
            return this;
        }
        if (c.expectedEpoch() != map.epoch()) {
            throw new CairnException(ErrorCode.NOT_COMMITTED, "stale partition map: the change expects epoch "
                    + c.expectedEpoch() + " but the map is at epoch " + map.epoch() + "; read the map again");
        }
        if (c.newMap().epoch() != map.epoch() + 1) {
            throw new CairnException(ErrorCode.INVALID_ARGUMENT, "the new map must be at epoch " + (map.epoch() + 1)
                    + ", not " + c.newMap().epoch());
        }
        for (Partition p : c.newMap().partitions()) {
            for (String r : p.replicas()) {
                if (!nodes.containsKey(r)) {
                    throw new CairnException(ErrorCode.INVALID_ARGUMENT, "partition " + p.id() + " names node " + r
                            + ", which is not a node of the cluster " + nodes.keySet());
                }
            }
        }
        return new MetaState(new TreeMap<>(nodes), c.newMap(), timestampLimit);
    }

    private MetaState addNode(MetaCommand.AddNode a) {
        if (a.name().isEmpty()) {
            throw new CairnException(ErrorCode.INVALID_ARGUMENT, "a node needs a name");
        }
        if (!isClientAddress(a.clientAddress())) {
            // Clients and other nodes reach the node at this address: an empty one (a node not yet
            // advertised) would leave it unreachable through the map.
            throw new CairnException(ErrorCode.INVALID_ARGUMENT, "node " + a.name() + " needs a client address"
                    + " HOST:PORT, not '" + a.clientAddress() + "'");
        }
        TreeMap<String, String> n = new TreeMap<>(nodes);
        n.put(a.name(), a.clientAddress());
        PartitionMap m = map;
        List<Partition> ps = map.partitions();
        if (ps.size() == 1 && !ps.get(0).replicas().contains(a.name())) {
            List<String> replicas = new ArrayList<>(ps.get(0).replicas());
            replicas.add(a.name());
            m = withReplicas(ps.get(0), replicas);
        }
        return n.equals(nodes) && m == map ? this : new MetaState(n, m, timestampLimit);
    }

    /**
     * Whether {@code address} is a client address a node can be recorded with: {@code HOST:PORT},
     * a non-empty host and a port from 1 to 65535 (an IPv6 host in brackets).
     */
    public static boolean isClientAddress(String address) {
        int colon = address == null ? -1 : address.lastIndexOf(':');
        if (colon < 1 || colon == address.length() - 1) {
            return false;
        }
        String port = address.substring(colon + 1);
        if (port.length() > 5 || !port.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return false;
        }
        int p = Integer.parseInt(port);
        return p >= 1 && p <= 65_535 && !address.substring(0, colon).isBlank();
    }

    private MetaState removeNode(String name) {
        if (!nodes.containsKey(name)) {
            return this;
        }
        TreeMap<String, String> n = new TreeMap<>(nodes);
        n.remove(name);
        List<Partition> out = new ArrayList<>();
        boolean changed = false;
        for (Partition p : map.partitions()) {
            if (p.replicas().contains(name)) {
                if (p.replicas().size() == 1) {
                    throw new CairnException(ErrorCode.INVALID_OPERATION, "node " + name + " is the only replica of "
                            + "partition " + p.id() + "; move the partition first");
                }
                List<String> replicas = new ArrayList<>(p.replicas());
                replicas.remove(name);
                out.add(new Partition(p.id(), p.begin(), p.end(), replicas));
                changed = true;
            } else {
                out.add(p);
            }
        }
        return new MetaState(n, changed ? new PartitionMap(map.epoch() + 1, out) : map, timestampLimit);
    }

    private PartitionMap withReplicas(Partition p, List<String> replicas) {
        List<Partition> out = new ArrayList<>();
        for (Partition q : map.partitions()) {
            out.add(q.id() == p.id() ? new Partition(q.id(), q.begin(), q.end(), replicas) : q);
        }
        return new PartitionMap(map.epoch() + 1, out);
    }

    /** This state in a versioned binary form, which {@link #decode} reads back. */
    public byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            out.writeInt(nodes.size());
            for (Map.Entry<String, String> e : nodes.entrySet()) {
                out.writeUTF(e.getKey());
                out.writeUTF(e.getValue());
            }
            out.writeBoolean(map != null);
            if (map != null) {
                byte[] m = map.encode();
                out.writeInt(m.length);
                out.write(m);
            }
            out.writeLong(timestampLimit);
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory failed", e);
        }
        return bytes.toByteArray();
    }

    /**
     * Reads a state that {@link #encode} wrote.
     *
     * @throws CairnException {@link ErrorCode#DATA_CORRUPT} when the bytes are not such a state, or
     *     the map names a replica that is not among the nodes (no command makes such a state)
     */
    public static MetaState decode(byte[] data) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            int format = in.readUnsignedByte();
            if (format != FORMAT) {
                throw new IOException("unknown format " + format);
            }
            int n = in.readInt();
            if (n < 0 || n > data.length) {
                throw new IOException("bad node count " + n);
            }
            TreeMap<String, String> nodes = new TreeMap<>();
            for (int i = 0; i < n; i++) {
                nodes.put(in.readUTF(), in.readUTF());
            }
            PartitionMap map = null;
            if (in.readBoolean()) {
                int len = in.readInt();
                if (len < 0 || len > data.length) {
                    throw new IOException("bad map length " + len);
                }
                byte[] m = in.readNBytes(len);
                if (m.length != len) {
                    throw new java.io.EOFException("the map is cut short");
                }
                map = PartitionMap.decode(m);
            }
            long limit = in.readLong();
            if (limit < 0) {
                throw new IOException("negative timestamp limit " + limit);
            }
            if (in.available() > 0) {
                throw new IOException(in.available() + " bytes after the state");
            }
            if ((map == null) != nodes.isEmpty()) {
                throw new IOException(map == null ? "nodes without a map" : "a map without nodes");
            }
            if (map != null) {
                for (Partition p : map.partitions()) {
                    for (String r : p.replicas()) {
                        if (!nodes.containsKey(r)) {
                            throw new IOException("partition " + p.id() + " names node " + r + ", which is not among"
                                    + " the nodes " + nodes.keySet());
                        }
                    }
                }
            }
            return new MetaState(nodes, map, limit);
        } catch (IOException | CairnException e) {
            throw new CairnException(ErrorCode.DATA_CORRUPT, "not a meta state: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MetaState s && s.nodes.equals(nodes) && java.util.Objects.equals(s.map, map)
                && s.timestampLimit == timestampLimit;
    }

    @Override
    public int hashCode() {
        return nodes.hashCode() * 31 + Long.hashCode(timestampLimit);
    }

    @Override
    public String toString() {
        return "meta state nodes " + nodes + ", " + (map == null ? "no map" : map) + ", timestamp limit "
                + timestampLimit;
    }
}
