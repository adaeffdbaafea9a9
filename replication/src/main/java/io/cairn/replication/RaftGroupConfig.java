package io.cairn.replication;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;

/**
 * How to run one member of a {@link RaftGroup}.
 *
 * @param group the group's name; members of one group share it, and it names the JGroups cluster
 * @param member this member's Raft id, unique in the group
 * @param bind the address and port this member's channel listens on (loopback in tests)
 * @param initialHosts the channel addresses of the group's members, for discovery
 * @param members the Raft ids of the voting members; majorities are counted over these
 * @param logDir where the Raft log and snapshots live
 * @param fsync whether log appends are forced to disk before they count (true for durability)
 * @param maxLogBytes log size after which a snapshot is taken and the log truncated
 * @param clientAddress where this member serves the Cairn protocol ({@code host:port}), advertised
 *     to the group's other members (see {@link RaftGroup#clientAddresses()}); {@code null} for none
 * @param peerTls the context for mutual TLS on the group's connections (it presents this member's
 *     certificate and trusts the cluster's), or {@code null} for plain TCP
 */
public record RaftGroupConfig(String group, String member, InetSocketAddress bind, List<InetSocketAddress> initialHosts,
                              List<String> members, Path logDir, boolean fsync, long maxLogBytes, String clientAddress,
                              javax.net.ssl.SSLContext peerTls) {
    /** Default log size before a snapshot: 64 MiB. */
    public static final long DEFAULT_MAX_LOG_BYTES = 64L << 20;

    /** A configuration that advertises no client address. */
    public RaftGroupConfig(String group, String member, InetSocketAddress bind, List<InetSocketAddress> initialHosts,
                           List<String> members, Path logDir, boolean fsync, long maxLogBytes) {
        this(group, member, bind, initialHosts, members, logDir, fsync, maxLogBytes, null);
    }

    /** A configuration over plain TCP. */
    public RaftGroupConfig(String group, String member, InetSocketAddress bind, List<InetSocketAddress> initialHosts,
                           List<String> members, Path logDir, boolean fsync, long maxLogBytes, String clientAddress) {
        this(group, member, bind, initialHosts, members, logDir, fsync, maxLogBytes, clientAddress, null);
    }

    /** This configuration with mutual TLS on the group's connections ({@code null}: plain TCP). */
    public RaftGroupConfig withPeerTls(javax.net.ssl.SSLContext tls) {
        return new RaftGroupConfig(group, member, bind, initialHosts, members, logDir, fsync, maxLogBytes, clientAddress,
                tls);
    }

    /** Validates the configuration. */
    public RaftGroupConfig {
        if (!members.contains(member)) {
            throw new IllegalArgumentException("member '" + member + "' is not among the group's members " + members);
        }
        initialHosts = List.copyOf(initialHosts);
        members = List.copyOf(members);
    }
}
