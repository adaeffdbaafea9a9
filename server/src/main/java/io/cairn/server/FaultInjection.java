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
 *   <li>{@code fault-drop-connections MILLIS}: for the next MILLIS ms, close every client
 *       connection every {@value #DROP_INTERVAL_MILLIS} ms, starting after that long (so the admin
 *       request's own connection has its answer); 0 stops.</li>
 *   <li>{@code fault-status}: the current cut, disk budget and connection drops.</li>
 * </ul>
 */
final class FaultInjection {
    private static final String PREFIX = "fault-";

    private final NodeConfig config;
    private final Supplier<RaftGroup> group;
    /** The meta group's member: a cut node is cut off from the others' meta members too. */
    private final Supplier<RaftGroup> meta;
    private final DiskBudgetLog disk;
    /** How often client connections are dropped while a drop fault lasts. */
    static final long DROP_INTERVAL_MILLIS = 250;
    private volatile java.util.function.IntSupplier dropper = () -> 0;
    /** Until when (System.nanoTime) client connections are dropped; 0 when they are not. */
    private volatile long droppingUntil;
    private final java.util.concurrent.atomic.AtomicLong dropped = new java.util.concurrent.atomic.AtomicLong();
    private Thread dropping;

    /** Faults for the node of {@code config}; {@code disk} is {@code null} when fault injection is off. */
    FaultInjection(NodeConfig config, Supplier<RaftGroup> group, Supplier<RaftGroup> meta, DiskBudgetLog disk) {
        this.meta = meta;
        this.config = config;
        this.group = group;
        this.disk = disk;
    }

    /** Sets what closes the node's client connections (its protocol server), once it exists. */
    void connectionDropper(java.util.function.IntSupplier dropper) {
        this.dropper = dropper;
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
            case "fault-drop-connections" -> dropConnections(millis(args));
            case "fault-status" -> { }
            default -> throw new CairnException(ErrorCode.INVALID_ARGUMENT, "unknown fault command '" + command
                    + "'; known: fault-cut NAME..., fault-heal, fault-disk BYTES|unlimited, fault-drop-connections MILLIS,"
                    + " fault-status");
        }
        return status();
    }

    private void cut(List<String> names) {
        List<InetSocketAddress> peers = new ArrayList<>();
        List<InetSocketAddress> metaPeers = new ArrayList<>();
        for (String name : names) {
            NodeConfig.Member m = config.member(name);
            if (m == null) {
                throw new CairnException(ErrorCode.INVALID_ARGUMENT, "no member '" + name + "' among "
                        + config.memberNames());
            }
            if (!name.equals(config.name())) {
                peers.add(m.peer());
                metaPeers.add(m.meta());
            }
        }
        group.get().cutOffFrom(peers);
        meta.get().cutOffFrom(metaPeers);
    }

    private synchronized void dropConnections(long millis) {
        droppingUntil = millis == 0 ? 0 : System.nanoTime() + java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(millis);
        if (millis == 0 || (dropping != null && dropping.isAlive())) {
            return;
        }
        dropping = new Thread(() -> {
            while (true) {
                try {
                    Thread.sleep(DROP_INTERVAL_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
                long until = droppingUntil;
                if (until == 0 || System.nanoTime() > until) {
                    return;
                }
                dropped.addAndGet(dropper.getAsInt());
            }
        }, "cairn-fault-drop-connections");
        dropping.setDaemon(true);
        dropping.start();
    }

    private static long millis(List<String> args) {
        try {
            if (args.size() != 1 || Long.parseLong(args.get(0)) < 0) {
                throw new NumberFormatException();
            }
            return Long.parseLong(args.get(0));
        } catch (NumberFormatException e) {
            throw new CairnException(ErrorCode.INVALID_ARGUMENT, "fault-drop-connections takes one argument: a"
                    + " non-negative number of milliseconds, not " + args);
        }
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
        long until = droppingUntil;
        m.put("dropping_connections", Boolean.toString(until != 0 && System.nanoTime() < until));
        m.put("connections_dropped", Long.toString(dropped.get()));
        return m;
    }
}
