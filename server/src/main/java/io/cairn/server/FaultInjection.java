package io.cairn.server;

import io.cairn.api.CairnException;
import io.cairn.api.ErrorCode;
import io.cairn.replication.RaftGroup;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The fault-injection admin commands of a node, for tests of how the cluster survives faults.
 * They run only on a node started with fault injection allowed; elsewhere they are refused.
 *
 * <ul>
 *   <li>{@code fault-cut NAME...}: cut this node off from the named members (all Raft group
 *       traffic both ways is dropped), replacing the earlier cut; no name heals.</li>
 *   <li>{@code fault-heal}: the same as {@code fault-cut} with no name.</li>
 *   <li>{@code fault-disk BYTES|unlimited}: how many more bytes of records this node's disk takes
 *       before writes fail with "no space left on device" (0: full now; unlimited: space freed).</li>
 *   <li>{@code fault-status}: the current cut and disk budget.</li>
 * </ul>
 */
final class FaultInjection {
    private static final String PREFIX = "fault-";

    private final NodeConfig config;
    private final Supplier<RaftGroup> group;
    private final DiskBudgetLog disk;

    /** Faults for the node of {@code config}; {@code disk} is {@code null} when fault injection is off. */
    FaultInjection(NodeConfig config, Supplier<RaftGroup> group, DiskBudgetLog disk) {
        this.config = config;
        this.group = group;
        this.disk = disk;
    }

    /** Whether {@code command} is a fault-injection command. */
    static boolean handles(String command) {
        return command.startsWith(PREFIX);
    }

    /**
     * Runs a fault-injection command and returns the faults in force afterwards.
     *
     * @throws CairnException 2001 when fault injection is off on this node, 2000 for a bad command
     */
    Map<String, String> run(String command, List<String> args) {
        if (!config.allowFaultInjection() || disk == null) {
            throw new CairnException(ErrorCode.INVALID_OPERATION, "fault injection is off on " + config.name()
                    + ": it is for tests only, and a node allows it only when started with --allow-fault-injection");
        }
        switch (command) {
            case "fault-cut" -> cut(args);
            case "fault-heal" -> cut(List.of());
            case "fault-disk" -> disk.budget(budget(args));
            case "fault-status" -> { }
            default -> throw new CairnException(ErrorCode.INVALID_ARGUMENT, "unknown fault command '" + command
                    + "'; known: fault-cut NAME..., fault-heal, fault-disk BYTES|unlimited, fault-status");
        }
        return status();
    }

    private void cut(List<String> names) {
        List<InetSocketAddress> peers = new ArrayList<>();
        for (String name : names) {
            NodeConfig.Member m = config.member(name);
            if (m == null) {
                throw new CairnException(ErrorCode.INVALID_ARGUMENT, "no member '" + name + "' among "
                        + config.memberNames());
            }
            if (!name.equals(config.name())) {
                peers.add(m.peer());
            }
        }
        group.get().cutOffFrom(peers);
    }

    private static long budget(List<String> args) {
        if (args.size() != 1) {
            throw new CairnException(ErrorCode.INVALID_ARGUMENT, "fault-disk takes one argument: BYTES or unlimited");
        }
        if (args.get(0).equals("unlimited")) {
            return DiskBudgetLog.UNLIMITED;
        }
        try {
            long bytes = Long.parseLong(args.get(0));
            if (bytes < 0) {
                throw new NumberFormatException("negative");
            }
            return bytes;
        } catch (NumberFormatException e) {
            throw new CairnException(ErrorCode.INVALID_ARGUMENT, "fault-disk: '" + args.get(0)
                    + "' is neither a byte count nor unlimited");
        }
    }

    /** The faults in force, by member name. */
    Map<String, String> status() {
        List<String> cut = new ArrayList<>();
        for (InetSocketAddress a : group.get().cutOff()) {
            config.members().stream().filter(m -> m.peer().getPort() == a.getPort()
                    && m.peer().getAddress().equals(a.getAddress())).findFirst().ifPresent(m -> cut.add(m.name()));
        }
        cut.sort(null);
        Map<String, String> m = new LinkedHashMap<>();
        m.put("node", config.name());
        m.put("cut_off_from", String.join(",", cut));
        long left = disk.remaining();
        m.put("disk_budget", left == DiskBudgetLog.UNLIMITED ? "unlimited" : Long.toString(left));
        return m;
    }
}
