package io.cairn.server;

import io.cairn.api.CairnException;
import io.cairn.api.ErrorCode;
import io.cairn.client.Connection;
import io.cairn.client.protocol.Frame;
import io.cairn.client.protocol.MessageType;
import io.cairn.client.protocol.Messages;
import io.cairn.client.protocol.ProtocolException;
import io.cairn.replication.RaftGroup;
import io.cairn.replication.meta.MetaCommand;
import io.cairn.replication.meta.MetaGroup;
import io.cairn.replication.meta.MetaState;
import io.cairn.replication.meta.TimestampOracle;
import java.net.InetSocketAddress;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * This node's way into the meta group: it runs the operation on the local member when that member
 * leads, and otherwise asks the leader's node with an internal admin command ({@code meta-*}) over
 * the Cairn protocol, retrying while no leader is known or leadership moves, up to a deadline.
 * Also makes the first state of an empty group (its first leader proposes {@link MetaCommand.Init}
 * with the data group's members). Thread-safe; every method except {@link #serveInternal} blocks.
 */
final class MetaAccess implements AutoCloseable {
    /** How long one meta operation may take, retries included, unless configured. */
    static final long TIMEOUT_MILLIS = 10_000;
    private static final long RETRY_MILLIS = 100;
    private static final long INIT_CHECK_MILLIS = 500;
    /** The internal admin commands one node sends another's meta member. */
    static final List<String> INTERNAL = List.of("meta-read", "meta-propose", "meta-members-add", "meta-members-remove",
            "meta-timestamps");

    private final NodeConfig config;
    private final MetaGroup meta;
    private final Supplier<RaftGroup> data;
    private final TimestampOracle oracle;
    private final ScheduledExecutorService keeper;
    /** How long one meta operation may take, retries and every attempt included. */
    private final long timeoutMillis;
    /** How to reach other nodes' client ports: over TLS with this context, or plain when {@code null}. */
    private final javax.net.ssl.SSLContext nodeClientTls;

    MetaAccess(NodeConfig config, MetaGroup meta, Supplier<RaftGroup> data, javax.net.ssl.SSLContext nodeClientTls) {
        this(config, meta, data, nodeClientTls, TIMEOUT_MILLIS);
    }

    /** Like the 4-argument constructor, with operations that end within {@code timeoutMillis}. */
    MetaAccess(NodeConfig config, MetaGroup meta, Supplier<RaftGroup> data, javax.net.ssl.SSLContext nodeClientTls,
               long timeoutMillis) {
        this.config = config;
        this.timeoutMillis = timeoutMillis;
        this.nodeClientTls = nodeClientTls;
        this.meta = meta;
        this.data = data;
        this.oracle = new TimestampOracle(meta);
        this.keeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cairn-meta-init");
            t.setDaemon(true);
            return t;
        });
        keeper.scheduleWithFixedDelay(this::initIfEmpty, INIT_CHECK_MILLIS, INIT_CHECK_MILLIS, TimeUnit.MILLISECONDS);
        // A new leader makes the first state at once rather than at the next check.
        meta.raft().onRoleChange(role -> {
            if (role == org.jgroups.protocols.raft.Role.Leader) {
                try {
                    keeper.execute(this::initIfEmpty);
                } catch (java.util.concurrent.RejectedExecutionException closed) {
                    // Closing.
                }
            }
        });
    }

    /** The local meta member. */
    MetaGroup group() {
        return meta;
    }

    private void initIfEmpty() {
        try {
            if (!meta.raft().isLeader() || meta.localState().initialized()) {
                return;
            }
            Map<String, String> nodes = new LinkedHashMap<>();
            for (String m : data.get().members()) {
                nodes.put(m, clientAddress(m));
            }
            meta.propose(new MetaCommand.Init(nodes), timeoutMillis);
        } catch (RuntimeException e) {
            // Leadership moved or no majority yet: the next leader, or the next round, proposes it.
        }
    }

    /** The client address of member {@code name}, as advertised in either group or configured; empty if unknown. */
    String clientAddress(String name) {
        String a = data.get().clientAddresses().get(name);
        if (a == null) {
            a = meta.raft().clientAddresses().get(name);
        }
        NodeConfig.Member m = config.member(name);
        if (a == null && m != null) {
            a = m.client().getHostString() + ":" + m.client().getPort();
        }
        return a == null ? "" : a;
    }

    /** The meta group's state, linearizable (read through the meta leader). */
    MetaState read() {
        return decodeState(call("meta-read", List.of(), meta::read).get("state"));
    }

    /** Proposes {@code command} through the meta leader; the state right after it. */
    MetaState propose(MetaCommand command) {
        String encoded = Base64.getEncoder().encodeToString(command.encode());
        return decodeState(call("meta-propose", List.of(encoded), millis -> meta.propose(command, millis))
                .get("state"));
    }

    /** Makes {@code member} a voting member of the meta group, unless it is one; the members after. */
    List<String> addMember(String member) {
        return List.of(call("meta-members-add", List.of(member), millis -> changeMembers(member, true, millis)).get("members")
                .split(","));
    }

    /** Removes {@code member} from the meta group's voting members, unless it is not one; the members after. */
    List<String> removeMember(String member) {
        return List.of(call("meta-members-remove", List.of(member), millis -> changeMembers(member, false, millis)).get("members")
                .split(","));
    }

    /** Hands out {@code count} timestamps from the meta leader's oracle; the first of them. */
    long timestamps(int count) {
        return Long.parseLong(call("meta-timestamps", List.of(Integer.toString(count)),
                millis -> oracle.next(count, millis)).get("first"));
    }

    /**
     * Serves an internal {@code meta-*} command from another node on the local member; fails with
     * 1201 when it does not lead (never forwards again, so requests cannot go round in circles).
     */
    Map<String, String> serveInternal(String command, List<String> args) {
        Object r = switch (command) {
            case "meta-read" -> meta.read(timeoutMillis);
            case "meta-propose" -> meta.propose(MetaCommand.decode(decodeArg(args)), timeoutMillis);
            case "meta-members-add" -> changeMembers(oneArg(args), true, timeoutMillis);
            case "meta-members-remove" -> changeMembers(oneArg(args), false, timeoutMillis);
            case "meta-timestamps" -> oracle.next(parseCount(oneArg(args)), timeoutMillis);
            default -> throw new CairnException(ErrorCode.INVALID_ARGUMENT, "unknown meta command " + command);
        };
        return answer(r);
    }

    private static int parseCount(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new CairnException(ErrorCode.INVALID_ARGUMENT, "'" + s + "' is not a number of timestamps");
        }
    }

    private static String oneArg(List<String> args) {
        if (args.size() != 1) {
            throw new CairnException(ErrorCode.INVALID_ARGUMENT, "expected one argument, not " + args.size());
        }
        return args.get(0);
    }

    private static byte[] decodeArg(List<String> args) {
        try {
            return Base64.getDecoder().decode(oneArg(args));
        } catch (IllegalArgumentException e) {
            throw new CairnException(ErrorCode.INVALID_ARGUMENT, "not base64: " + e.getMessage());
        }
    }

    private List<String> changeMembers(String member, boolean add, long millis) {
        RaftGroup g = meta.raft();
        if (!g.isLeader()) {
            throw new CairnException(ErrorCode.WRONG_LEADER, g.group() + ": " + g.member() + " is not the leader");
        }
        if (g.members().contains(member) != add) {
            try {
                (add ? g.addMember(member) : g.removeMember(member)).get(millis, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.ExecutionException e) {
                throw e.getCause() instanceof CairnException ce ? ce
                        : new CairnException(ErrorCode.UNAVAILABLE, g.group() + ": " + e.getCause(), e.getCause());
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                throw e instanceof CairnException ce ? ce : new CairnException(ErrorCode.UNAVAILABLE, g.group()
                        + ": the membership change did not complete: " + e, e);
            }
        }
        return g.members();
    }

    private static Map<String, String> answer(Object r) {
        Map<String, String> m = new LinkedHashMap<>();
        if (r instanceof MetaState s) {
            m.put("state", Base64.getEncoder().encodeToString(s.encode()));
        } else if (r instanceof List<?> members) {
            m.put("members", String.join(",", members.stream().map(String::valueOf).toList()));
        } else {
            m.put("first", String.valueOf(r));
        }
        return m;
    }

    private static MetaState decodeState(String encoded) {
        try {
            return MetaState.decode(Base64.getDecoder().decode(encoded));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new CairnException(ErrorCode.DATA_CORRUPT, "malformed meta state in an answer", e);
        }
    }

    /**
     * Runs {@code local} when the local member leads, else {@code command} on the leader's node;
     * retries while no leader is known or the one asked no longer leads, until the deadline. Each
     * attempt gets only the time left ({@code local} is given it in milliseconds), so the whole call
     * ends by the deadline.
     */
    private Map<String, String> call(String command, List<String> args, java.util.function.LongFunction<Object> local) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        CairnException last = null;
        long left;
        while ((left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())) > 0) {
            RaftGroup g = meta.raft();
            String leader = g.leader();
            try {
                if (g.isLeader()) {
                    return answer(local.apply(left));
                }
                if (leader != null && !leader.equals(g.member())) {
                    String address = clientAddress(leader);
                    if (!address.isEmpty()) {
                        return remote(address, command, args, left);
                    }
                }
                last = new CairnException(ErrorCode.UNAVAILABLE, g.group() + ": no leader is known"
                        + (leader == null ? "" : " (" + leader + " leads but its address is unknown)"));
            } catch (CairnException e) {
                if (e.error() != ErrorCode.WRONG_LEADER && e.error() != ErrorCode.UNAVAILABLE) {
                    throw e;
                }
                last = e;
            }
            try {
                Thread.sleep(Math.max(0, Math.min(RETRY_MILLIS,
                        TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()))));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new CairnException(ErrorCode.UNAVAILABLE, "the meta group did not answer within " + timeoutMillis
                + " ms" + (last == null ? "" : ": " + last.getMessage()), last);
    }

    /** Runs {@code command} on the node at {@code hostPort}; gives up after {@code millis}, connecting included. */
    private Map<String, String> remote(String hostPort, String command, List<String> args, long millis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        int colon = hostPort.lastIndexOf(':');
        InetSocketAddress address = new InetSocketAddress(hostPort.substring(0, colon),
                Integer.parseInt(hostPort.substring(colon + 1)));
        int timeout = (int) Math.max(1, Math.min(Integer.MAX_VALUE, millis));
        Connection c = nodeClientTls == null
                ? Connection.open(address, "meta:" + config.name(), timeout)
                : Connection.open(address, "meta:" + config.name(), timeout, nodeClientTls);
        try {
            int left = (int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
            // The node asked may still finish the operation after this one gave up: proposals are
            // safe to apply twice (see MetaCommand), and a reservation this node does not use is skipped.
            Frame f = c.send(MessageType.ADMIN, new Messages.Admin(command, args).encode(), left)
                    .get(left, TimeUnit.MILLISECONDS);
            if (f.type() == MessageType.ERROR) {
                Messages.ErrorReply err = Messages.ErrorReply.decode(f.payload());
                throw new CairnException(ErrorCode.of(err.code()), err.message());
            }
            return Messages.Pairs.decode(f.payload()).values();
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof CairnException ce ? ce
                    : new CairnException(ErrorCode.UNAVAILABLE, hostPort + ": " + e.getCause(), e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new CairnException(ErrorCode.UNAVAILABLE, hostPort + ": no answer within " + timeout + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CairnException(ErrorCode.UNAVAILABLE, "interrupted");
        } catch (ProtocolException e) {
            throw new CairnException(ErrorCode.INTERNAL_ERROR, "malformed answer from " + hostPort + ": " + e.getMessage(),
                    e);
        } finally {
            c.close();
        }
    }

    /** Stops making the first state and leaves the meta group; the data stays on disk. */
    @Override
    public void close() {
        stopKeeper();
        meta.close();
    }

    /** Stops making the first state, leaving the group to whoever else uses it (tests with a second access). */
    void stopKeeper() {
        keeper.shutdownNow();
    }
}
