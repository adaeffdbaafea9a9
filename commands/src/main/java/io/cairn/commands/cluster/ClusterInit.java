package io.cairn.commands.cluster;

import io.cairn.commands.BaseCommand;
import io.cairn.commands.CommandContext;
import io.cairn.commands.ExitCodes;
import io.cairn.commands.node.Clusters;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cairn cluster init}: writes the cluster file that clients read to find the cluster. */
@Command(name = "init", description = {"Writes a cluster file, NAME@HOST:PORT,..., that clients read to find the",
        "cluster's nodes. Refuses to replace an existing file unless --force."})
public final class ClusterInit extends BaseCommand {
    @Option(names = "--cluster-name", paramLabel = "NAME", defaultValue = "cairn",
            description = "The cluster's name (default ${DEFAULT-VALUE}).")
    String clusterName;

    @Option(names = "--nodes", required = true, split = ",", paramLabel = "HOST:PORT",
            description = "The client addresses of the nodes, comma-separated.")
    List<String> nodes;

    @Option(names = "--file", paramLabel = "FILE", defaultValue = "cairn.cluster",
            description = "Where to write it (default ./${DEFAULT-VALUE}).")
    Path file;

    @Option(names = "--force", description = "Replace an existing file.")
    boolean force;

    /** A cluster init command running in {@code ctx}. */
    public ClusterInit(CommandContext ctx) {
        super(ctx);
    }

    @Override
    public Integer call() {
        Path written = Clusters.control(ctx).writeClusterFile(file, clusterName, nodes, force);
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("file", written.toString());
        f.put("cluster", clusterName);
        f.put("nodes", nodes);
        printer().done("wrote " + written, f);
        return ExitCodes.SUCCESS;
    }
}
