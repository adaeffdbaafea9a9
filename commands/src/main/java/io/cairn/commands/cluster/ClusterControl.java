package io.cairn.commands.cluster;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What the node and cluster commands need beyond the database: running a node, asking nodes for
 * their status, changing membership and writing the cluster file. The command line implements it
 * with the server and the client; commands never see either.
 */
public interface ClusterControl {
    /** Implemented by contexts that can run node and cluster commands. */
    interface Provider {
        /** The cluster control. */
        ClusterControl clusterControl();
    }

    /**
     * How to run a node.
     *
     * @param name the node's name
     * @param dataDirectory where it keeps its data
     * @param clusterName the cluster's name
     * @param backend the storage backend's name
     * @param tlsCertificate the PEM certificate chain clients are served with over TLS, or {@code null} for plain TCP
     * @param tlsKey the PEM private key of {@code tlsCertificate}, or {@code null}
     * @param allowFaultInjection whether the node accepts fault-injection requests (tests only)
     * @param raftLogBytes the Raft log size after which the log is snapshotted and truncated
     * @param peerTls the PEM files for mutual TLS between nodes, or {@code null} for plain TCP
     * @param initialMembers every initial member as {@code name=host:clientPort:peerPort[:metaPort]}
     */
    record NodeSpec(String name, Path dataDirectory, String clusterName, List<String> initialMembers, String backend,
                    Path tlsCertificate, Path tlsKey, boolean allowFaultInjection, long raftLogBytes, PeerTls peerTls) {
        /** Default Raft log size in bytes (64 MiB). */
        public static final long DEFAULT_RAFT_LOG_BYTES = 64L << 20;

        /**
         * The PEM files for mutual TLS between nodes.
         *
         * @param certificate this node's certificate chain, presented to its peers
         * @param key the private key of {@code certificate}
         * @param ca the certificates a peer's certificate must chain to
         */
        public record PeerTls(Path certificate, Path key, Path ca) {}

        /** A node talking to its peers over plain TCP. */
        public NodeSpec(String name, Path dataDirectory, String clusterName, List<String> initialMembers, String backend,
                        Path tlsCertificate, Path tlsKey, boolean allowFaultInjection, long raftLogBytes) {
            this(name, dataDirectory, clusterName, initialMembers, backend, tlsCertificate, tlsKey, allowFaultInjection,
                    raftLogBytes, null);
        }

        /** A node that refuses fault injection, with the default Raft log size. */
        public NodeSpec(String name, Path dataDirectory, String clusterName, List<String> initialMembers, String backend,
                        Path tlsCertificate, Path tlsKey) {
            this(name, dataDirectory, clusterName, initialMembers, backend, tlsCertificate, tlsKey, false,
                    DEFAULT_RAFT_LOG_BYTES);
        }

        /** A node with the default Raft log size. */
        public NodeSpec(String name, Path dataDirectory, String clusterName, List<String> initialMembers, String backend,
                        Path tlsCertificate, Path tlsKey, boolean allowFaultInjection) {
            this(name, dataDirectory, clusterName, initialMembers, backend, tlsCertificate, tlsKey, allowFaultInjection,
                    DEFAULT_RAFT_LOG_BYTES);
        }
    }

    /**
     * Runs a node in the foreground until it is stopped (SIGTERM, Ctrl-C, or {@link #stopNode});
     * calls {@code started} with the client address once it listens. Blocks.
     */
    void runNode(NodeSpec spec, java.util.function.Consumer<String> started);

    /** The status of the node at {@code address} ({@code host:port}), as name/value pairs. Blocks. */
    Map<String, String> nodeStatus(String address);

    /** Asks the node at {@code address} to shut down cleanly. Blocks until it accepted. */
    void stopNode(String address);

    /** The client addresses of the configured cluster; fails when none is configured. */
    List<String> clusterAddresses();

    /** Adds a voting member by name, through the leader; returns the new membership. Blocks. */
    Map<String, String> addMember(String name);

    /** Removes a voting member by name, through the leader; returns the new membership. Blocks. */
    Map<String, String> removeMember(String name);

    /**
     * One partition of the map: the key range {@code [begin, end)} and the nodes that replicate it.
     *
     * @param id the partition's number
     * @param begin its first key (empty for the first partition)
     * @param end the first key after it, or {@code null} for the end of the keyspace
     * @param replicas the nodes that replicate it
     * @param leader the node that leads its group, or {@code null} when none is known
     */
    record PartitionInfo(long id, byte[] begin, byte[] end, List<String> replicas, String leader) {}

    /**
     * The partition map as the meta group holds it.
     *
     * @param embedded whether no cluster is configured: the embedded database is one partition on this machine
     * @param epoch the map's epoch (one more on every change)
     * @param metaGroup the meta group's name, or {@code null} when embedded
     * @param metaLeader the meta group's leader, or {@code null} when embedded or none is known
     * @param partitions the partitions in key order
     */
    record PartitionListing(boolean embedded, long epoch, String metaGroup, String metaLeader,
                            List<PartitionInfo> partitions) {}

    /**
     * The partition map, read through the meta group's leader (linearizable); without a configured
     * cluster, the embedded database's single partition. Blocks.
     */
    PartitionListing partitions();

    /**
     * Splits partition {@code id} at {@code at} ({@code null}: the middle of its data by size), in
     * one compare-and-set of the map in the meta group. Blocks.
     *
     * @return the map after the change
     * @throws io.cairn.api.CairnException {@code invalid_argument} for an unknown id or a key not
     *     strictly inside the partition, {@code invalid_operation} when there is no middle (fewer than
     *     two keys) or no cluster is configured; nothing changes then
     */
    PartitionListing splitPartition(long id, byte[] at);

    /**
     * Merges the neighbouring partitions {@code first} and {@code second} into one that keeps the
     * lower one's id, in one compare-and-set of the map. Blocks.
     *
     * @return the map after the change
     * @throws io.cairn.api.CairnException {@code invalid_argument} for an unknown id or partitions
     *     that are not neighbours, {@code invalid_operation} when no cluster is configured
     */
    PartitionListing mergePartitions(long first, long second);

    /**
     * Writes a cluster file naming the cluster and its client addresses.
     *
     * @return the file written
     */
    Path writeClusterFile(Path file, String clusterName, List<String> addresses, boolean overwrite);
}
