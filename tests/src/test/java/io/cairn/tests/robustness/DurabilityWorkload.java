package io.cairn.tests.robustness;

import static io.cairn.tests.robustness.Workload.bytes;
import static io.cairn.tests.robustness.Workload.text;

import io.cairn.api.Database;
import io.cairn.api.KeyValue;
import io.cairn.api.MutationType;
import io.cairn.api.Range;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Puts of unique keys through {@link Database#run} (so commits with an unknown outcome are
 * retried under one transaction id), each adding one to a counter in the same transaction;
 * checked by {@link DurabilityChecker} after the cluster was healed and restarted.
 */
public final class DurabilityWorkload implements Workload {
    private static final String PREFIX = "dur/";
    private static final byte[] COUNTER = bytes("dur-count");
    private static final byte[] ONE = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(1).array();

    private final AtomicLong next = new AtomicLong();

    @Override
    public String name() {
        return "durability";
    }

    @Override
    public void step(Database db, int client, Random random, History history) {
        String key = String.format("%sc%02d-%08d", PREFIX, client, next.getAndIncrement());
        History.Pending op = history.invoke(client, name(), "put", key, "v");
        try {
            db.run(tx -> {
                tx.set(bytes(key), bytes("v"));
                tx.mutate(MutationType.ADD, COUNTER, ONE);
                return null;
            });
            op.ok(null);
        } catch (RuntimeException e) {
            // Earlier attempts of the retry loop may have committed, whatever the last error was.
            op.unknown(e.toString());
        }
    }

    @Override
    public void finalReads(Database db, History history) {
        History.Pending op = history.invoke(Op.FINAL_CLIENT, name(), "final-read", null, null);
        try {
            op.ok(db.read(tx -> {
                List<String> keys = new ArrayList<>();
                for (KeyValue kv : tx.getRange(Range.startsWith(bytes(PREFIX)))) {
                    keys.add(text(kv.key()));
                }
                byte[] c = tx.get(COUNTER);
                long counter = c == null ? 0
                        : ByteBuffer.wrap(java.util.Arrays.copyOf(c, 8)).order(ByteOrder.LITTLE_ENDIAN).getLong();
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("keys", keys);
                out.put("counter", counter);
                return out;
            }));
        } catch (RuntimeException e) {
            Workload.failed(op, e, false);
        }
    }

    @Override
    public CheckResult check(List<Op> ops) {
        return new DurabilityChecker().check(ops);
    }
}
