package io.cairn.commands.node;

import io.cairn.commands.BaseCommand;
import io.cairn.commands.CommandContext;
import io.cairn.commands.CommandFailure;
import io.cairn.commands.ExitCodes;
import io.cairn.commands.cluster.ClusterControl;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cairn node start}: runs a node in the foreground until SIGTERM or {@code cairn node stop}. */
@Command(name = "start", description = {"Runs a cluster node in the foreground until it gets SIGTERM or Ctrl-C,",
        "or cairn node stop; logs go to stderr. Every initial member is named NAME=HOST:CLIENT_PORT:PEER_PORT",
        "or NAME=HOST:CLIENT_PORT:PEER_PORT:META_PORT; clients connect to CLIENT_PORT, members replicate the data",
        "over PEER_PORT and the partition map (the meta group) over META_PORT, by default PEER_PORT + 1. The",
        "node's own entry may be left out when --listen and --peer-port (and --meta-port) give it."},
        footer = {"", "Example, three nodes on one machine:",
                "  cairn node start --name n1 --data /var/lib/cairn/n1 \\",
                "      --initial-members n1=10.0.0.1:4500:4600,n2=10.0.0.2:4500:4600,n3=10.0.0.3:4500:4600"})
public final class NodeStart extends BaseCommand {
    @Option(names = "--name", required = true, paramLabel = "NAME", description = "This node's name, unique in the cluster.")
    String name;

    @Option(names = "--data", required = true, paramLabel = "DIR", description = "Where this node keeps its data.")
    Path data;

    @Option(names = "--listen", paramLabel = "HOST:PORT", description = "Address clients connect to.")
    String listen;

    @Option(names = "--peer-port", paramLabel = "PORT", description = "Port the Raft group listens on, on the --listen host.")
    Integer peerPort;

    @Option(names = "--meta-port", paramLabel = "PORT",
            description = "Port this node's meta group member listens on, on the --listen host (default: the peer"
                    + " port + 1). Other members name it as NAME=HOST:CLIENT_PORT:PEER_PORT:META_PORT.")
    Integer metaPort;

    @Option(names = "--cluster-name", paramLabel = "NAME", defaultValue = "cairn",
            description = "The cluster's name; every member uses the same (default ${DEFAULT-VALUE}).")
    String clusterName;

    @Option(names = "--initial-members", required = true, paramLabel = "MEMBERS", split = ",",
            description = "Every initial member as NAME=HOST:CLIENT_PORT:PEER_PORT[:META_PORT], comma-separated.")
    List<String> initialMembers;

    @Option(names = "--node-backend", paramLabel = "NAME", defaultValue = "leveldb",
            description = "Storage backend of this node (default ${DEFAULT-VALUE}).")
    String backend;

    @Option(names = "--tls-cert", paramLabel = "FILE",
            description = "Serve clients over TLS with this PEM certificate chain (the node's own certificate first).")
    java.nio.file.Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "FILE",
            description = "The PEM private key (PKCS#8 or PKCS#1, unencrypted) of --tls-cert.")
    java.nio.file.Path tlsKey;

    @Option(names = "--peer-tls-cert", paramLabel = "FILE",
            description = "Talk to the other nodes over mutual TLS, presenting this PEM certificate chain;"
                    + " needs --peer-tls-key and --peer-tls-ca, and every member must use peer TLS.")
    java.nio.file.Path peerTlsCert;

    @Option(names = "--peer-tls-key", paramLabel = "FILE",
            description = "The PEM private key (PKCS#8 or PKCS#1, unencrypted) of --peer-tls-cert.")
    java.nio.file.Path peerTlsKey;

    @Option(names = "--peer-tls-ca", paramLabel = "FILE",
            description = "Accept only peers whose certificate chains to one in this PEM file.")
    java.nio.file.Path peerTlsCa;

    @Option(names = "--raft-log-size", paramLabel = "BYTES", defaultValue = "67108864",
            description = "Raft log size after which the log is snapshotted and truncated (default ${DEFAULT-VALUE});"
                    + " a member behind the truncation copies a peer's data.")
    long raftLogBytes;

    @Option(names = "--allow-fault-injection", hidden = true,
            description = "Accept fault-injection requests (cut off peers, fill the disk); for tests only.")
    boolean allowFaultInjection;

    /** A node start command running in {@code ctx}. */
    public NodeStart(CommandContext ctx) {
        super(ctx);
    }

    @Override
    public Integer call() {
        List<String> members = new ArrayList<>(initialMembers);
        String own = members.stream().filter(m -> m.startsWith(name + "=")).findFirst().orElse(null);
        if (listen != null || peerPort != null) {
            if (listen == null || peerPort == null) {
                throw CommandFailure.usage("--listen and --peer-port go together");
            }
            String spec = name + "=" + listen + ":" + peerPort;
            if (own != null && !own.equals(spec) && !own.startsWith(spec + ":")) {
                throw CommandFailure.usage("--listen " + listen + " --peer-port " + peerPort + " disagree with the member entry '"
                        + own + "'");
            }
            if (own == null) {
                own = spec;
                members.add(spec);
            }
        } else if (own == null) {
            throw CommandFailure.usage("this node '" + name + "' is not among --initial-members " + initialMembers
                    + "; add NAME=HOST:CLIENT_PORT:PEER_PORT for it, or give --listen and --peer-port");
        }
        if (metaPort != null) {
            String[] parts = own.substring(own.indexOf('=') + 1).split(":");
            if (parts.length == 4 && !parts[3].equals(metaPort.toString())) {
                throw CommandFailure.usage("--meta-port " + metaPort + " disagrees with the member entry '" + own + "'");
            }
            if (parts.length == 3) {
                members.set(members.indexOf(own), own + ":" + metaPort);
            }
        }
        if ((tlsCert == null) != (tlsKey == null)) {
            throw CommandFailure.usage("--tls-cert and --tls-key go together");
        }
        int peerFiles = (peerTlsCert == null ? 0 : 1) + (peerTlsKey == null ? 0 : 1) + (peerTlsCa == null ? 0 : 1);
        if (peerFiles != 0 && peerFiles != 3) {
            throw CommandFailure.usage("--peer-tls-cert, --peer-tls-key and --peer-tls-ca go together");
        }
        if (raftLogBytes < 1024) {
            throw CommandFailure.usage("--raft-log-size must be at least 1024 bytes, not " + raftLogBytes);
        }
        ClusterControl control = Clusters.control(ctx);
        control.runNode(new ClusterControl.NodeSpec(name, data, clusterName, members, backend, tlsCert, tlsKey,
                allowFaultInjection, raftLogBytes,
                peerFiles == 0 ? null : new ClusterControl.NodeSpec.PeerTls(peerTlsCert, peerTlsKey, peerTlsCa)),
                address -> ctx.err().println("cairn: node " + name + " of cluster " + clusterName + " listening on "
                        + address + "; members " + String.join(",", members)));
        return ExitCodes.SUCCESS;
    }
}
