package io.cairn.commands.node;

import io.cairn.commands.CommandContext;
import io.cairn.commands.CommandFailure;
import io.cairn.commands.cluster.ClusterControl;

/** Finds the {@link ClusterControl} of a context. */
public final class Clusters {
    private Clusters() {}

    /**
     * The cluster control of {@code ctx}.
     *
     * @throws CommandFailure a usage error when this context cannot run cluster commands
     */
    public static ClusterControl control(CommandContext ctx) {
        if (ctx instanceof ClusterControl.Provider p) {
            return p.clusterControl();
        }
        throw CommandFailure.usage("node and cluster commands are not available here");
    }
}
