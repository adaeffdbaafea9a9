package io.cairn.replication.meta;

import io.cairn.api.CairnException;
import io.cairn.api.ErrorCode;
import io.cairn.replication.partition.PartitionMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * A command of the meta group's log: what changes a {@link MetaState}. Each has a versioned binary
 * form ({@link #encode}, {@link #decode}); {@link MetaState#apply} gives its effect.
 */
public sealed interface MetaCommand {
    /** The format of the binary form; a form of another format is refused as corrupt. */
    int FORMAT = 1;

    /**
     * Makes the first state of a cluster: its nodes, and a map of one partition covering the whole
     * keyspace on all of them. Proposed by the first leader of an empty group; once the state is
     * made, it changes nothing (so several leaders may propose it).
     *
     * @param nodes the nodes' names and client addresses ({@code host:port}); at least one
     */
    record Init(Map<String, String> nodes) implements MetaCommand {
        /** Copies the nodes in name order. */
        public Init {
            nodes = java.util.Collections.unmodifiableMap(new TreeMap<>(nodes));
        }
    }

    /**
     * Replaces the partition map, compare-and-set on its epoch: applied only while the map is at
     * {@code expectedEpoch}, and then {@code newMap} must be at the next epoch and name only known
     * nodes. A stale epoch is refused with {@link ErrorCode#NOT_COMMITTED} and changes nothing.
     */
    record ChangeMap(long expectedEpoch, PartitionMap newMap) implements MetaCommand {}

    /**
     * Adds a node, or changes its client address; while the map has a single partition, the node
     * becomes one of its replicas (the data group replicates the whole keyspace).
     */
    record AddNode(String name, String clientAddress) implements MetaCommand {}

    /** Removes a node and takes it out of every partition's replicas; a node not known is no change. */
    record RemoveNode(String name) implements MetaCommand {}

    /**
     * Raises the timestamp oracle's reserved limit to {@code limit} (never lowers it): every
     * timestamp below the limit may have been handed out, so no leader hands out one below it again.
     */
    record ReserveTimestamps(long limit) implements MetaCommand {}

    /** This command in its binary form, which {@link #decode} reads back. */
    default byte[] encode() {
        return CommandCodec.encode(this);
    }

    /**
     * Reads a command that {@link #encode} wrote.
     *
     * @throws CairnException {@link ErrorCode#DATA_CORRUPT} when the bytes are not such a command
     */
    static MetaCommand decode(byte[] data) {
        return CommandCodec.decode(data);
    }
}
