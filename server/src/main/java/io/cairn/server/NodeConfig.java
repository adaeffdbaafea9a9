package io.cairn.server;

import io.cairn.api.CairnException;
import io.cairn.api.ErrorCode;
import io.cairn.replication.RaftGroupConfig;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * How to run one node.
 *
 * @param name this node's name, unique in the cluster (its Raft id)
 * @param dataDirectory where the node keeps its data, Raft log and journal
 * @param clusterName the cluster's name; nodes of one cluster share it
 * @param members every initial member, this node included
 * @param backend the storage backend's name
 * @param fsync whether the Raft log is forced to disk before an entry counts (true for durability)
 * @param allowFaultInjection whether clients may inject faults (network cuts, a full disk) with
 *     the {@code fault-*} admin commands; for tests only
 * @param maxLogBytes the Raft log's size after which it is snapshotted and truncated
 */
public record NodeConfig(String name, Path dataDirectory, String clusterName, List<Member> members, String backend,
                         boolean fsync, boolean allowFaultInjection, long maxLogBytes) {
    /** A node that refuses fault injection. */
    public NodeConfig(String name, Path dataDirectory, String clusterName, List<Member> members, String backend,
                      boolean fsync) {
        this(name, dataDirectory, clusterName, members, backend, fsync, false);
    }

    /**
     * One member of the cluster.
     *
     * @param name the member's name
     * @param client the address clients connect to
     * @param peer the address its data group's Raft channel listens on
     * @param meta the address its meta group's Raft channel listens on (by default the peer port + 1)
     */
    public record Member(String name, InetSocketAddress client, InetSocketAddress peer, InetSocketAddress meta) {
        /**
         * A member whose meta group listens on the default port, {@link #defaultMetaPort the peer port + 1}.
         *
         * @throws CairnException 2000 naming the member when the peer port + 1 is above 65535
         */
        public Member(String name, InetSocketAddress client, InetSocketAddress peer) {
            this(name, client, peer, defaultMeta(name, peer));
        }

        private static InetSocketAddress defaultMeta(String name, InetSocketAddress peer) {
            int port = defaultMetaPort(peer.getPort());
            if (port > MAX_PORT) {
                throw new CairnException(ErrorCode.INVALID_ARGUMENT, "member '" + name + "': its meta port would be the"
                        + " peer port " + peer.getPort() + " + 1 = " + port + ", above " + MAX_PORT + "; give a meta"
                        + " port (NAME=HOST:CLIENT_PORT:PEER_PORT:META_PORT) or a lower peer port");
            }
            return peer.getAddress() != null ? new InetSocketAddress(peer.getAddress(), port)
                    : InetSocketAddress.createUnresolved(peer.getHostString(), port);
        }

        /** The largest TCP port. */
        private static final int MAX_PORT = 65_535;

        /** The meta group's port when none is given: the peer port + 1. */
        public static int defaultMetaPort(int peerPort) {
            return peerPort + 1;
        }

        /**
         * Parses {@code name=host:clientPort:peerPort[:metaPort]}; without a meta port, the meta
         * group listens on the peer port + 1.
         *
         * @throws CairnException 2000 naming what is wrong
         */
        public static Member parse(String spec) {
            int eq = spec.indexOf('=');
            String[] parts = eq < 0 ? new String[0] : spec.substring(eq + 1).split(":");
            if (eq <= 0 || (parts.length != 3 && parts.length != 4)) {
                throw new CairnException(ErrorCode.INVALID_ARGUMENT,
                        "member '" + spec + "' is not of the form name=host:clientPort:peerPort[:metaPort]");
            }
            try {
                int client = Integer.parseInt(parts[1]);
                int peer = Integer.parseInt(parts[2]);
                int meta = parts.length == 4 ? Integer.parseInt(parts[3]) : defaultMetaPort(peer);
                if (parts.length == 3 && meta > MAX_PORT) {
                    throw new CairnException(ErrorCode.INVALID_ARGUMENT, "member '" + spec + "': the meta port would be"
                            + " the peer port " + peer + " + 1 = " + meta + ", above " + MAX_PORT + "; give one:"
                            + " NAME=HOST:CLIENT_PORT:PEER_PORT:META_PORT");
                }
                if (meta == peer || meta == client) {
                    throw new CairnException(ErrorCode.INVALID_ARGUMENT, "member '" + spec + "': the meta port " + meta
                            + " must differ from the client and peer ports");
                }
                return new Member(spec.substring(0, eq), new InetSocketAddress(parts[0], client),
                        new InetSocketAddress(parts[0], peer), new InetSocketAddress(parts[0], meta));
            } catch (IllegalArgumentException e) {
                throw new CairnException(ErrorCode.INVALID_ARGUMENT, "member '" + spec + "': bad port: " + e.getMessage());
            }
        }

        /** {@code name=host:clientPort:peerPort}, with {@code :metaPort} when it is not the default. */
        public String spec() {
            return name + "=" + client.getHostString() + ":" + client.getPort() + ":" + peer.getPort()
                    + (meta.getPort() == defaultMetaPort(peer.getPort()) ? "" : ":" + meta.getPort());
        }
    }

    /** A configuration with the default Raft log size ({@link RaftGroupConfig#DEFAULT_MAX_LOG_BYTES}). */
    public NodeConfig(String name, Path dataDirectory, String clusterName, List<Member> members, String backend,
                      boolean fsync, boolean allowFaultInjection) {
        this(name, dataDirectory, clusterName, members, backend, fsync, allowFaultInjection,
                RaftGroupConfig.DEFAULT_MAX_LOG_BYTES);
    }

    /** Checks that the members have distinct names and include this node, and that the log size is positive. */
    public NodeConfig {
        if (maxLogBytes <= 0) {
            throw new CairnException(ErrorCode.INVALID_ARGUMENT, "the Raft log size must be positive, not " + maxLogBytes);
        }
        members = List.copyOf(members);
        Set<String> names = new LinkedHashSet<>();
        for (Member m : members) {
            if (!names.add(m.name())) {
                throw new CairnException(ErrorCode.INVALID_ARGUMENT, "member name '" + m.name() + "' appears twice");
            }
        }
        if (!names.contains(name)) {
            throw new CairnException(ErrorCode.INVALID_ARGUMENT, "this node '" + name + "' is not among the members " + names);
        }
        checkPortsDistinct(members);
    }

    /**
     * Refuses two listeners on one host and port: with the meta port defaulting to the peer port +
     * 1, members on one host with consecutive peer ports would collide. Hosts are compared by
     * address ({@code localhost} is {@code 127.0.0.1} when it resolves so), and a wildcard address
     * ({@code 0.0.0.0}, {@code ::}) clashes with every host on the same port.
     */
    private static void checkPortsDistinct(List<Member> members) {
        record Listener(String what, InetSocketAddress address) {}
        List<Listener> taken = new ArrayList<>();
        for (Member m : members) {
            String[] kinds = {"client", "peer", "meta"};
            InetSocketAddress[] addresses = {m.client(), m.peer(), m.meta()};
            for (int i = 0; i < addresses.length; i++) {
                String kind = kinds[i];
                for (Listener before : taken) {
                    if (sameListener(before.address(), addresses[i])) {
                        throw new CairnException(ErrorCode.INVALID_ARGUMENT, m.name() + "'s " + kind + " port is "
                                + hostPort(addresses[i]) + ", which is " + before.what() + " too"
                                + (hostPort(before.address()).equals(hostPort(addresses[i])) ? ""
                                        : " (" + hostPort(before.address()) + ")")
                                + (kind.equals("meta") ? " (the meta port is the peer port + 1 unless the member"
                                        + " names one: NAME=HOST:CLIENT_PORT:PEER_PORT:META_PORT)" : ""));
                    }
                }
                taken.add(new Listener(m.name() + "'s " + kind + " port", addresses[i]));
            }
        }
    }

    /** Whether listeners on {@code a} and {@code b} would take the same port on the same host. */
    private static boolean sameListener(InetSocketAddress a, InetSocketAddress b) {
        if (a.getPort() != b.getPort()) {
            return false;
        }
        java.net.InetAddress x = a.getAddress();
        java.net.InetAddress y = b.getAddress();
        if (x != null && y != null) {
            return x.equals(y) || x.isAnyLocalAddress() || y.isAnyLocalAddress();
        }
        // A host that does not resolve here: only its name can be compared.
        return a.getHostString().equalsIgnoreCase(b.getHostString());
    }

    private static String hostPort(InetSocketAddress a) {
        return a.getHostString() + ":" + a.getPort();
    }

    /** This node's entry in {@link #members()}. */
    public Member self() {
        return members.stream().filter(m -> m.name().equals(name)).findFirst().orElseThrow();
    }

    /** The member called {@code member}, or {@code null}. */
    public Member member(String member) {
        return members.stream().filter(m -> m.name().equals(member)).findFirst().orElse(null);
    }

    /** The members' names. */
    public List<String> memberNames() {
        List<String> out = new ArrayList<>();
        members.forEach(m -> out.add(m.name()));
        return out;
    }
}
