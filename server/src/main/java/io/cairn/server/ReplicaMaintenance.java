package io.cairn.server;

import io.cairn.api.CairnException;
import io.cairn.api.Database;
import io.cairn.api.ErrorCode;
import io.cairn.api.Range;
import io.cairn.api.txn.TransactionBackend;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongConsumer;

/**
 * The per-replica maintenance commands a client sends to each node by {@code ADMIN}:
 * {@code compact BEGIN END} (hex keys), {@code check} (this replica's own integrity check) and
 * {@code hash VERSION BEGIN END LIMIT} (a {@link ReplicaHasher} slice). Thread-safe; each blocks.
 */
final class ReplicaMaintenance {
    private static final Set<String> COMMANDS = Set.of("compact", "check", "hash");

    private final String nodeName;
    private final Database.Maintenance local;
    private final TransactionBackend engine;
    private final LongConsumer awaitApplied;
    private final long hashSliceMillis;

    ReplicaMaintenance(String nodeName, Database.Maintenance local, TransactionBackend engine,
                       LongConsumer awaitApplied, long hashSliceMillis) {
        this.nodeName = nodeName;
        this.local = local;
        this.engine = engine;
        this.awaitApplied = awaitApplied;
        this.hashSliceMillis = hashSliceMillis;
    }

    /** Whether {@code command} is one of these, which any replica serves (leader or not). */
    static boolean handles(String command) {
        return COMMANDS.contains(command);
    }

    /**
     * Runs {@code command}; blocks until done.
     *
     * @throws CairnException {@code invalid_argument} (2000) naming what is wrong with the arguments
     */
    Map<String, String> run(String command, List<String> args) {
        switch (command) {
            case "compact": {
                expect(command, args, 2, "BEGIN END (hex keys)");
                local.compact(new Range(hex(args.get(0), "BEGIN"), hex(args.get(1), "END")));
                return Map.of("node", nodeName, "compacted", "yes");
            }
            case "check": {
                expect(command, args, 0, "no arguments");
                Database.Maintenance.CheckReport r = local.check();
                Map<String, String> out = new LinkedHashMap<>();
                out.put("node", nodeName);
                r.counts().forEach((k, v) -> out.put("count." + k, Long.toString(v)));
                for (int i = 0; i < r.problems().size(); i++) {
                    out.put("problem." + i, r.problems().get(i));
                }
                return out;
            }
            case "hash": {
                expect(command, args, 4, "VERSION BEGIN END LIMIT");
                long version = number(args.get(0), "VERSION");
                byte[] begin = hex(args.get(1), "BEGIN");
                byte[] end = hex(args.get(2), "END");
                long limit = number(args.get(3), "LIMIT");
                if (version < 0 || limit < 0 || limit > Integer.MAX_VALUE) {
                    throw new CairnException(ErrorCode.INVALID_ARGUMENT, "hash: VERSION and LIMIT must be non-negative"
                            + " (LIMIT at most " + Integer.MAX_VALUE + "), not " + version + " and " + limit);
                }
                awaitApplied.accept(version);
                Map<String, String> out = new LinkedHashMap<>();
                out.put("node", nodeName);
                out.putAll(ReplicaHasher.hash(engine, version, begin, end, (int) limit, hashSliceMillis));
                return out;
            }
            default:
                throw new CairnException(ErrorCode.INVALID_ARGUMENT, "unknown maintenance command '" + command + "'");
        }
    }

    private static void expect(String command, List<String> args, int n, String usage) {
        if (args.size() != n) {
            throw new CairnException(ErrorCode.INVALID_ARGUMENT, command + " takes " + usage + ", not "
                    + args.size() + " argument(s)");
        }
    }

    private static byte[] hex(String s, String what) {
        try {
            return HexFormat.of().parseHex(s);
        } catch (IllegalArgumentException e) {
            throw new CairnException(ErrorCode.INVALID_ARGUMENT, what + " is not a hex key: '" + s + "'");
        }
    }

    private static long number(String s, String what) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new CairnException(ErrorCode.INVALID_ARGUMENT, what + " is not a number: '" + s + "'");
        }
    }
}
