package io.cairn.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cairn.api.Bytes;
import io.cairn.api.KeyValue;
import io.cairn.api.MutationType;
import io.cairn.api.Range;
import io.cairn.api.Transaction;
import io.cairn.api.txn.AtomicOps;
import io.cairn.api.txn.Mutation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random single-threaded operation sequences against a sorted map: every read inside and after
 * transactions, with ranges, limits, reverse order, clears and atomic operations, agrees with the
 * model; reopening the database recovers the committed state.
 */
class EngineModelPropertyTest {
    /** One step of a generated run. */
    record Op(int kind, byte[] a, byte[] b, int limit, boolean reverse) {
        @Override
        public String toString() {
            return NAMES[kind] + "(" + Bytes.printable(a) + ", " + Bytes.printable(b) + ", " + limit + ", " + reverse + ")";
        }
    }

    private static final String[] NAMES = {"set", "clear", "clearRange", "add", "min", "max", "compareAndClear",
        "setIfAbsent", "get", "getRange", "commit", "cancel", "reopen"};
    private static final MutationType[] ATOMIC = {MutationType.ADD, MutationType.MIN, MutationType.MAX,
        MutationType.COMPARE_AND_CLEAR, MutationType.SET_IF_ABSENT};

    @Provide
    Arbitrary<List<Op>> runs() {
        Arbitrary<byte[]> keys = Arbitraries.of("a", "b", "ba", "bb", "c", "ca", "d", "e").map(String::getBytes);
        Arbitrary<byte[]> values = Arbitraries.bytes().array(byte[].class).ofMinSize(0).ofMaxSize(3).map(v -> {
            if (v.length > 0 && v[0] == (byte) 0xFF) {
                v[0] = (byte) 0xFE;
            }
            return v;
        });
        Arbitrary<Op> op = Combinators.combine(Arbitraries.integers().between(0, NAMES.length - 1), keys,
                Arbitraries.oneOf(keys, values), Arbitraries.integers().between(0, 4), Arbitraries.of(true, false))
                .as(Op::new);
        return op.list().ofMinSize(1).ofMaxSize(60);
    }

    @Property(tries = 60)
    void readsMatchASortedMapModel(@ForAll("runs") List<Op> ops) throws IOException {
        Path dir = Files.createTempDirectory("cairn-model");
        try {
            run(dir, ops);
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static EmbeddedDatabase open(Path dir) {
        return EmbeddedDatabase.open(DatabaseConfig.builder(dir).backend("leveldb").sync(false)
                .mvccWindow(Duration.ofMinutes(5)).build());
    }

    private static void run(Path dir, List<Op> ops) {
        TreeMap<byte[], byte[]> committed = new TreeMap<>(Bytes::compare);
        TreeMap<byte[], byte[]> pending = new TreeMap<>(Bytes::compare);
        EmbeddedDatabase db = open(dir);
        Transaction tx = db.createTransaction();
        try {
            for (Op op : ops) {
                switch (op.kind()) {
                    case 0 -> {
                        tx.set(op.a(), op.b());
                        pending.put(op.a(), op.b());
                    }
                    case 1 -> {
                        tx.clear(op.a());
                        pending.remove(op.a());
                    }
                    case 2 -> {
                        tx.clear(new Range(op.a(), op.b()));
                        if (Bytes.compare(op.a(), op.b()) < 0) {
                            pending.subMap(op.a(), op.b()).clear();
                        }
                    }
                    case 3, 4, 5, 6, 7 -> {
                        MutationType t = ATOMIC[op.kind() - 3];
                        tx.mutate(t, op.a(), op.b());
                        byte[] next = AtomicOps.apply(Mutation.Kind.of(t), pending.get(op.a()), op.b());
                        if (next == null) {
                            pending.remove(op.a());
                        } else {
                            pending.put(op.a(), next);
                        }
                    }
                    case 8 -> assertArrayEquals(pending.get(op.a()), tx.get(op.a()), op.toString());
                    case 9 -> checkRange(tx, pending, op);
                    case 10 -> {
                        tx.commit();
                        tx.close();
                        committed = new TreeMap<>(pending);
                        tx = db.createTransaction();
                    }
                    case 11 -> {
                        tx.cancel();
                        tx.close();
                        pending = new TreeMap<>(committed);
                        tx = db.createTransaction();
                    }
                    default -> {
                        tx.close();
                        db.close();
                        db = open(dir);
                        pending = new TreeMap<>(committed);
                        tx = db.createTransaction();
                    }
                }
            }
            tx.close();
            TreeMap<byte[], byte[]> expect = committed;
            db.read(r -> {
                checkAll(r.getRange(Range.ALL), expect);
                return null;
            });
        } finally {
            db.close();
        }
    }

    private static void checkRange(io.cairn.api.ReadTransaction tx, TreeMap<byte[], byte[]> model, Op op) {
        List<KeyValue> got = tx.getRange(new Range(op.a(), op.b()), op.limit(), op.reverse());
        List<Map.Entry<byte[], byte[]>> want = new ArrayList<>();
        if (Bytes.compare(op.a(), op.b()) < 0) {
            var sub = model.subMap(op.a(), true, op.b(), false);
            want.addAll((op.reverse() ? sub.descendingMap() : sub).entrySet());
        }
        if (op.limit() > 0 && want.size() > op.limit()) {
            want = want.subList(0, op.limit());
        }
        assertEquals(want.size(), got.size(), op + " rows " + got);
        for (int i = 0; i < want.size(); i++) {
            assertArrayEquals(want.get(i).getKey(), got.get(i).key(), op.toString());
            assertArrayEquals(want.get(i).getValue(), got.get(i).value(), op.toString());
        }
    }

    private static void checkAll(List<KeyValue> got, TreeMap<byte[], byte[]> model) {
        assertEquals(model.size(), got.size(), "rows " + got);
        int i = 0;
        for (Map.Entry<byte[], byte[]> e : model.entrySet()) {
            assertArrayEquals(e.getKey(), got.get(i).key());
            assertArrayEquals(e.getValue(), got.get(i).value());
            i++;
        }
    }
}
