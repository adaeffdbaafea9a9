package io.cairn.server;

import io.cairn.api.CairnException;
import io.cairn.api.ErrorCode;
import io.cairn.replication.RaftGroup;
import io.cairn.replication.meta.MetaCommand;
import io.cairn.replication.meta.MetaState;
import io.cairn.replication.partition.Partition;
import io.cairn.replication.partition.PartitionMap;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The admin commands about the meta group: {@code partitions} (the map, read through the meta
 * leader), {@code timestamps COUNT} (from the oracle), and membership changes that keep the data
 * group, the meta group and the map's replicas in step. Thread-safe; every method blocks.
 */
final class MetaAdmin {
    private static final long CHANGE_TIMEOUT_SECONDS = 30;
    /**
     * How long an add waits for the new node's client address to be advertised (it is once the node
     * runs and has joined a group); well within a client's 10 s request timeout, after the steps before.
     */
    static final long ADDRESS_WAIT_MILLIS = 3_000;
    private static final long ADDRESS_POLL_MILLIS = 50;

    private final MetaAccess meta;
    private final Supplier<RaftGroup> data;
    private final Middle middle;

    /** Finds where to split a key range so that each side holds about half its data. */
    @FunctionalInterface
    interface Middle {
        /**
         * The key past which about half the bytes of {@code [begin, end)} lie ({@code end} null: to the
         * end of the user keys), or {@code null} when the range holds fewer than two keys.
         */
        byte[] of(byte[] begin, byte[] end);
    }

    MetaAdmin(MetaAccess meta, Supplier<RaftGroup> data, Middle middle) {
        this.meta = meta;
        this.data = data;
        this.middle = middle;
    }

    /** Whether {@code command} is one of the commands any node answers here. */
    static boolean handles(String command) {
        return command.equals("partitions") || command.equals("timestamps") || command.equals("partition-split")
                || command.equals("partition-merge");
    }

    /**
     * Runs {@code partitions}, {@code timestamps COUNT}, {@code partition-split ID [AT]} (AT in
     * base64; without it, the middle of the partition's data) or {@code partition-merge ID1 ID2}.
     * A split or merge is one compare-and-set of the map in the meta group; it answers the new map
     * as {@code partitions} does, with {@code changed} the partition ids it made or kept.
     */
    Map<String, String> run(String command, List<String> args) {
        if (command.equals("partition-split") || command.equals("partition-merge")) {
            return changeMap(command, args);
        }
        Map<String, String> m = new LinkedHashMap<>();
        if (command.equals("timestamps")) {
            int count;
            try {
                count = args.isEmpty() ? 1 : Integer.parseInt(args.get(0));
            } catch (NumberFormatException e) {
                throw new CairnException(ErrorCode.INVALID_ARGUMENT, "'" + args.get(0) + "' is not a number of timestamps");
            }
            m.put("first", Long.toString(meta.timestamps(count)));
            m.put("count", Integer.toString(count));
            return m;
        }
        return describe(initialized(meta.read()), m);
    }

    private static MetaState initialized(MetaState s) {
        if (!s.initialized()) {
            throw new CairnException(ErrorCode.UNAVAILABLE, "the meta group holds no partition map yet (its first"
                    + " leader makes it); try again in a moment");
        }
        return s;
    }

    private Map<String, String> changeMap(String command, List<String> args) {
        boolean split = command.equals("partition-split");
        if (split ? args.isEmpty() || args.size() > 2 : args.size() != 2) {
            throw new CairnException(ErrorCode.INVALID_ARGUMENT, split ? "partition-split takes a partition id and"
                    + " optionally a key (base64)" : "partition-merge takes two partition ids");
        }
        MetaState s = initialized(meta.read());
        PartitionMap map = s.map();
        long id = partitionId(args.get(0));
        PartitionMap next;
        String changed;
        if (split) {
            Partition p = map.byId(id);
            byte[] at;
            if (args.size() == 2) {
                try {
                    at = Base64.getDecoder().decode(args.get(1));
                } catch (IllegalArgumentException e) {
                    throw new CairnException(ErrorCode.INVALID_ARGUMENT, "the split key is not base64: " + args.get(1));
                }
            } else {
                at = middle.of(p.begin(), p.end());
                if (at == null) {
                    throw new CairnException(ErrorCode.INVALID_OPERATION, "partition " + id + " " + p.rangeText()
                            + " holds fewer than two keys: there is no middle to split at; give --at KEY");
                }
            }
            next = map.split(id, at);
            changed = id + "," + map.nextId();
        } else {
            long other = partitionId(args.get(1));
            next = map.merge(id, other);
            changed = Long.toString(keptId(map, id, other));
        }
        MetaState after = meta.propose(new MetaCommand.ChangeMap(map.epoch(), next));
        Map<String, String> m = new LinkedHashMap<>();
        m.put("command", command);
        m.put("changed", changed);
        return describe(after, m);
    }

    /** The id a merge of {@code a} and {@code b} keeps: the lower partition's (by key). */
    private static long keptId(PartitionMap map, long a, long b) {
        return io.cairn.api.Bytes.compare(map.byId(a).begin(), map.byId(b).begin()) <= 0 ? a : b;
    }

    private static long partitionId(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new CairnException(ErrorCode.INVALID_ARGUMENT, "'" + text + "' is not a partition id");
        }
    }

    private Map<String, String> describe(MetaState s, Map<String, String> m) {
        RaftGroup g = meta.group().raft();
        m.put("meta_group", g.group());
        m.put("meta_leader", String.valueOf(g.leader()));
        m.put("meta_term", Long.toString(g.term()));
        m.put("epoch", Long.toString(s.epoch()));
        // One data group replicates every partition for now: its leader leads them all.
        m.put("leader", String.valueOf(data.get().leader()));
        List<String> nodes = new ArrayList<>();
        s.nodes().forEach((name, address) -> nodes.add(name + "=" + address));
        m.put("nodes", String.join(",", nodes));
        m.put("map", Base64.getEncoder().encodeToString(s.map().encode()));
        return m;
    }

    /**
     * Adds or removes {@code member}, in an order that keeps the map's replicas among the members of
     * both groups: an add changes the data group, then the meta group, then the map; a removal the
     * map, then the meta group, then the data group. Each step is skipped when it is done already,
     * so after a failure part way, the same command again finishes the change.
     */
    Map<String, String> changeMembers(boolean add, String member) {
        MetaState state;
        List<String> metaMembers;
        if (add) {
            if (!data.get().members().contains(member)) {
                await(() -> data.get().addMember(member), "adding " + member + " to the data group");
            }
            try {
                metaMembers = meta.addMember(member);
                state = meta.propose(new MetaCommand.AddNode(member, awaitClientAddress(member)));
            } catch (CairnException e) {
                throw new CairnException(e.error(), member + " is a member of the data group, but adding it to the meta"
                        + " group or the partition map failed: " + e.getMessage() + "; run the same command again to"
                        + " finish (the steps done already are skipped)", e);
            }
        } else {
            state = meta.propose(new MetaCommand.RemoveNode(member));
            try {
                metaMembers = meta.removeMember(member);
                if (data.get().members().contains(member)) {
                    await(() -> data.get().removeMember(member), "removing " + member + " from the data group");
                }
            } catch (CairnException e) {
                throw new CairnException(e.error(), "the partition map no longer names " + member + ", but removing it"
                        + " from the meta group or the data group failed: " + e.getMessage() + "; run the same command"
                        + " again to finish (the steps done already are skipped)", e);
            }
        }
        Map<String, String> m = new LinkedHashMap<>();
        m.put("command", add ? "members-add" : "members-remove");
        m.put("member", member);
        m.put("members", String.join(",", data.get().members()));
        m.put("meta_members", String.join(",", metaMembers));
        m.put("map_epoch", Long.toString(state.epoch()));
        List<String> replicas = new ArrayList<>();
        for (Partition p : state.map().partitions()) {
            replicas.add(p.id() + ":" + String.join(",", p.replicas()));
        }
        m.put("replicas", String.join(" ", replicas));
        return m;
    }

    /**
     * The client address {@code member} advertises, or is configured with; waits up to
     * {@link #ADDRESS_WAIT_MILLIS} for one. Blocks.
     *
     * @throws CairnException 2001 when none is known by then. Not 1200: clients send a request
     *     refused with 1200 again until their own timeout, which would hide this message.
     */
    private String awaitClientAddress(String member) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ADDRESS_WAIT_MILLIS);
        while (true) {
            String address = meta.clientAddress(member);
            if (MetaState.isClientAddress(address)) {
                return address;
            }
            if (System.nanoTime() > deadline) {
                throw new CairnException(ErrorCode.INVALID_OPERATION, "the client address of " + member + " is not"
                        + " known after " + ADDRESS_WAIT_MILLIS + " ms (a node advertises it once it runs and has"
                        + " joined the group; it is not configured here); start " + member + " if it is not running");
            }
            try {
                Thread.sleep(ADDRESS_POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CairnException(ErrorCode.UNAVAILABLE, "waiting for the client address of " + member
                        + ": interrupted");
            }
        }
    }

    private interface Change {
        CompletableFuture<byte[]> start() throws Exception;
    }

    private static void await(Change change, String what) {
        try {
            change.start().get(CHANGE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable c = e.getCause();
            throw c instanceof CairnException ce ? ce : new CairnException(ErrorCode.INVALID_ARGUMENT, what + ": "
                    + c.getMessage(), c);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new CairnException(ErrorCode.UNAVAILABLE, what + ": not done within " + CHANGE_TIMEOUT_SECONDS + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CairnException(ErrorCode.UNAVAILABLE, what + ": interrupted");
        } catch (CairnException e) {
            throw e;
        } catch (Exception e) {
            throw new CairnException(ErrorCode.INVALID_ARGUMENT, what + ": " + e.getMessage(), e);
        }
    }
}
