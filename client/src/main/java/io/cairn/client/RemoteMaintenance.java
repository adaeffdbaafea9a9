package io.cairn.client;

import io.cairn.api.Bytes;
import io.cairn.api.CairnException;
import io.cairn.api.Database;
import io.cairn.api.ErrorCode;
import io.cairn.api.Range;
import io.cairn.client.protocol.Frame;
import io.cairn.client.protocol.MessageType;
import io.cairn.client.protocol.Messages;
import io.cairn.client.protocol.ProtocolException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.LongSupplier;

/**
 * Maintenance of a cluster: compaction on every node, and a check that runs each replica's own
 * integrity check and then compares the replicas, slice by slice, at one version each.
 *
 * <p>For each slice the client takes a linearizable read version V; the first reachable node
 * hashes up to {@link #SLICE_KEYS} keys from the slice start at V (or what it reads in about a
 * second) and says where it stopped; every other node then hashes exactly that range at V, after
 * waiting to have applied V. A slice whose V leaves the MVCC window is retried with a new V.
 * Thread-safe; every method blocks.
 */
final class RemoteMaintenance implements Database.Maintenance {
    /** Keys per slice at most; a slice also ends after about a second of reading. */
    static final int SLICE_KEYS = 100_000;
    private static final int ATTEMPTS = 5;
    /** Compaction and hashing a slice may take long on a big replica. */
    private static final int LONG_TIMEOUT_MILLIS = 600_000;

    private final ClusterConnector connector;
    private final LongSupplier readVersion;

    RemoteMaintenance(ClusterConnector connector, LongSupplier readVersion) {
        this.connector = connector;
        this.readVersion = readVersion;
    }

    /**
     * Compacts {@code range} (begin inclusive, end exclusive) on every node, one after another.
     *
     * @throws CairnException the first failure, naming every node that failed, after trying all
     */
    @Override
    public void compact(Range range) {
        List<String> args = List.of(hex(range.begin()), hex(range.end()));
        List<String> failed = new ArrayList<>();
        CairnException first = null;
        for (InetSocketAddress node : connector.seeds()) {
            try {
                admin(node, "compact", args);
            } catch (CairnException e) {
                failed.add(node + " (" + e.getMessage() + ")");
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw new CairnException(first.error(), "compaction failed on " + String.join(", ", failed), first);
        }
    }

    /** Runs every node's own check, then compares the replicas' data; problems name the node or the keys. */
    @Override
    public CheckReport check() {
        Map<String, Long> counts = new LinkedHashMap<>();
        ReplicaDigests digests = new ReplicaDigests();
        Map<InetSocketAddress, String> names = new LinkedHashMap<>();
        for (InetSocketAddress node : connector.seeds()) {
            try {
                Map<String, String> r = admin(node, "check", List.of());
                String name = r.getOrDefault("node", node.toString());
                names.put(node, name);
                r.forEach((k, v) -> {
                    if (k.startsWith("count.")) {
                        counts.put(name + "." + k.substring(6), Long.parseLong(v));
                    } else if (k.startsWith("problem.")) {
                        digests.problem(name + ": " + v);
                    }
                });
            } catch (CairnException | NumberFormatException e) {
                digests.problem(node + ": its check could not run: " + e.getMessage());
            }
        }
        compare(names, digests);
        counts.put("nodes", (long) connector.seeds().size());
        counts.put("nodesCompared", (long) names.size());
        counts.put("slices", digests.slices());
        for (String name : names.values()) {
            counts.put(name + ".keys", digests.keys(name));
            counts.put(name + ".bytes", digests.bytes(name));
        }
        return new CheckReport(counts, digests.problems());
    }

    private void compare(Map<InetSocketAddress, String> names, ReplicaDigests digests) {
        List<InetSocketAddress> nodes = new ArrayList<>(names.keySet());
        byte[] from = Bytes.EMPTY;
        while (true) {
            if (nodes.size() < 2) {
                digests.problem("fewer than two replicas could be read, so the replicas were not compared"
                        + (Bytes.compare(from, Bytes.EMPTY) == 0 ? "" : " from key '" + Bytes.printable(from) + "' on"));
                return;
            }
            Map<String, ReplicaDigests.Slice> slice = new LinkedHashMap<>();
            Map<InetSocketAddress, CairnException> failed = new LinkedHashMap<>();
            byte[] next = null;
            long version = 0;
            for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
                slice.clear();
                failed.clear();
                version = readVersion.getAsLong();
                Map<String, String> ref;
                try {
                    ref = hash(nodes.get(0), version, from, Range.SYSTEM_PREFIX, SLICE_KEYS);
                } catch (CairnException e) {
                    failed.put(nodes.get(0), e);
                    if (e.error() == ErrorCode.TRANSACTION_TOO_OLD) {
                        continue;
                    }
                    break;
                }
                next = ref.get("next").isEmpty() ? null : HexFormat.of().parseHex(ref.get("next"));
                slice.put(names.get(nodes.get(0)), slice(ref));
                byte[] end = next == null ? Range.SYSTEM_PREFIX : next;
                long v = version;
                byte[] begin = from;
                Map<InetSocketAddress, CompletableFuture<Map<String, String>>> others = new LinkedHashMap<>();
                for (InetSocketAddress n : nodes.subList(1, nodes.size())) {
                    others.put(n, CompletableFuture.supplyAsync(() -> hash(n, v, begin, end, 0), RemoteMaintenance::daemon));
                }
                others.forEach((n, f) -> {
                    try {
                        slice.put(names.get(n), slice(join(f)));
                    } catch (CairnException e) {
                        failed.put(n, e);
                    }
                });
                if (failed.values().stream().noneMatch(e -> e.error() == ErrorCode.TRANSACTION_TOO_OLD)) {
                    break;
                }
            }
            for (Map.Entry<InetSocketAddress, CairnException> e : failed.entrySet()) {
                digests.problem(names.get(e.getKey()) + " (" + e.getKey() + ") could not hash its keys from '"
                        + Bytes.printable(from) + "' at version " + version + ", and is left out of the comparison: "
                        + e.getValue().getMessage());
                nodes.remove(e.getKey());
            }
            if (slice.size() < 2) {
                continue; // The slice start is hashed again by the nodes left, if two are.
            }
            digests.add(from, next == null ? Range.SYSTEM_PREFIX : next, version, slice);
            if (next == null) {
                return;
            }
            from = next;
        }
    }

    /** Runs each node's hash on a thread of its own: they mostly wait for the network. */
    private static void daemon(Runnable r) {
        Thread t = new Thread(r, "cairn-replica-hash");
        t.setDaemon(true);
        t.start();
    }

    private static Map<String, String> join(CompletableFuture<Map<String, String>> f) {
        try {
            return f.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof CairnException ce ? ce
                    : new CairnException(ErrorCode.INTERNAL_ERROR, String.valueOf(e.getCause()), e.getCause());
        }
    }

    private Map<String, String> hash(InetSocketAddress node, long version, byte[] begin, byte[] end, int limit) {
        return admin(node, "hash", List.of(Long.toString(version), hex(begin), hex(end), Integer.toString(limit)));
    }

    private static ReplicaDigests.Slice slice(Map<String, String> r) {
        try {
            return new ReplicaDigests.Slice(Long.parseLong(r.get("count")), Long.parseLong(r.get("bytes")),
                    r.get("hash"));
        } catch (RuntimeException e) {
            throw new CairnException(ErrorCode.INTERNAL_ERROR, "malformed hash answer from a node: " + r);
        }
    }

    private Map<String, String> admin(InetSocketAddress node, String command, List<String> args) {
        Frame f = connector.callNode(node, MessageType.ADMIN, new Messages.Admin(command, args).encode(),
                LONG_TIMEOUT_MILLIS);
        try {
            return Messages.Pairs.decode(f.payload()).values();
        } catch (ProtocolException e) {
            throw new CairnException(ErrorCode.INTERNAL_ERROR, node + ": malformed answer: " + e.getMessage(), e);
        }
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
