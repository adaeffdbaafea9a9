package io.cairn.commands.cluster;

import io.cairn.commands.BaseCommand;
import io.cairn.commands.CommandContext;
import io.cairn.commands.CommandFailure;
import io.cairn.commands.ExitCodes;
import io.cairn.commands.node.Clusters;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code cairn cluster members add|remove NAME}: changes the voting membership through the leader. */
@Command(name = "members", description = {"Adds or removes a voting member through the leader, one at a time.",
        "Start the new node first, with every member (itself included) in --initial-members."})
public final class ClusterMembers extends BaseCommand {
    @Parameters(index = "0", paramLabel = "add|remove", description = "What to do.")
    String action;

    @Parameters(index = "1", paramLabel = "NAME", description = "The member's node name.")
    String name;

    /** A cluster members command running in {@code ctx}. */
    public ClusterMembers(CommandContext ctx) {
        super(ctx);
    }

    @Override
    public Integer call() {
        ClusterControl control = Clusters.control(ctx);
        Map<String, String> result = switch (action) {
            case "add" -> control.addMember(name);
            case "remove" -> control.removeMember(name);
            default -> throw CommandFailure.usage("members takes add or remove, not '" + action + "'");
        };
        printer().done(action + " " + name + ": members now " + result.get("members"), new LinkedHashMap<>(result));
        return ExitCodes.SUCCESS;
    }
}
