package io.cairn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.api.Database;
import io.cairn.api.ReadTransaction;
import io.cairn.api.Transaction;
import io.cairn.commands.ExitCodes;
import io.cairn.commands.testing.ModelDatabase;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bench --connections}: clients spread round-robin over the connections the opener hands out,
 * extra connections closed afterwards, and the option refused where there are no connections.
 */
@Timeout(60)
class BenchConnectionsTest {
    @TempDir
    Path tmp;

    private final ModelDatabase model = new ModelDatabase();
    /** Every connection opened, in order; connection 0 is the context's own. */
    private final List<Connection> opened = new CopyOnWriteArrayList<>();

    /** One connection over the shared model: records which threads used it and whether it was closed. */
    private final class Connection implements Database {
        final Set<String> threads = ConcurrentHashMap.newKeySet();
        volatile boolean closed;

        @Override
        public Transaction createTransaction() {
            threads.add(Thread.currentThread().getName());
            return model.createTransaction();
        }

        @Override
        public <T> T run(Function<? super Transaction, T> work) {
            threads.add(Thread.currentThread().getName());
            return model.run(work);
        }

        @Override
        public <T> T read(Function<? super ReadTransaction, T> work) {
            threads.add(Thread.currentThread().getName());
            return model.read(work);
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private DatabaseOpener opener() {
        return (settings, env) -> {
            Connection own = new Connection();
            opened.add(own);
            return new DatabaseOpener.Opened() {
                @Override
                public Database database() {
                    return own;
                }

                @Override
                public Map<String, Object> status() {
                    return Map.of();
                }

                @Override
                public Optional<Database> openConnection() {
                    Connection c = new Connection();
                    opened.add(c);
                    return Optional.of(c);
                }
            };
        };
    }

    private record Result(int code, String out, String err) {}

    private Result run(DatabaseOpener opener, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Io io = new Io(new ByteArrayInputStream(new byte[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), false);
        int code = Cli.run(args, io, new Environment(new HashMap<>(), tmp, tmp, tmp.resolve("etc")), opener);
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void clientsAreSpreadRoundRobinOverTheConnectionsAndTheExtraOnesAreClosed() {
        // The opener ignores the address; --cluster only tells the command line that the target is a cluster.
        Result r = run(opener(), "--cluster", "127.0.0.1:1", "-o", "json", "bench", "put", "--clients", "6",
                "--connections", "3", "--ops", "600", "--keys", "100", "--warmup", "0");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("\"clients\":6,\"connections\":3,"), r.out());
        assertEquals(3, opened.size(), "the context's connection and two more");
        // Client 0 runs on the calling thread, client i on bench-client-i; client i uses connection i mod 3.
        String main = Thread.currentThread().getName();
        assertEquals(Set.of(main, "bench-client-3"), opened.get(0).threads);
        assertEquals(Set.of("bench-client-1", "bench-client-4"), opened.get(1).threads);
        assertEquals(Set.of("bench-client-2", "bench-client-5"), opened.get(2).threads);
        assertTrue(opened.get(1).closed && opened.get(2).closed, "the bench closes the connections it opened");
        assertEquals(600, model.commits());
    }

    @Test
    void loadingSpreadsOverTheConnectionsToo() {
        Result r = run(opener(), "--cluster", "127.0.0.1:1", "-o", "json", "bench", "get", "--clients", "4",
                "--connections", "2", "--ops", "100", "--keys", "1000", "--warmup", "0");
        assertEquals(0, r.code(), r.err());
        // Which loader threads find a batch left depends on scheduling; those that do use connection n mod 2.
        for (int c = 0; c < 2; c++) {
            for (String t : opened.get(c).threads) {
                if (t.startsWith("bench-load-")) {
                    assertEquals(c, Integer.parseInt(t.substring("bench-load-".length())) % 2, t + " on " + c);
                }
            }
        }
        assertTrue(opened.get(1).threads.stream().anyMatch(t -> t.startsWith("bench-client-")));
    }

    @Test
    void theEmbeddedDatabaseRefusesMoreThanOneConnectionBeforeOpeningAnything() {
        Path data = tmp.resolve("data");
        Result r = run(new EmbeddedOpener(), "--backend", "memory", "-d", data.toString(), "bench", "put",
                "--connections", "2", "--ops", "10");
        assertEquals(ExitCodes.USAGE, r.code(), r.err());
        assertTrue(r.err().contains("--connections 2 needs a cluster"), r.err());
        assertEquals("", r.out());
        assertFalse(Files.exists(data), "no database was opened");
        Result one = run(new EmbeddedOpener(), "--backend", "memory", "-d", data.toString(), "-o", "json", "bench",
                "put", "--connections", "1", "--ops", "10", "--warmup", "0");
        assertEquals(0, one.code(), one.err());
        assertTrue(one.out().contains("\"connections\":1,"), one.out());
    }

    @Test
    void connectionsOutOfRangeOrAboveTheClientsAreUsageErrors() {
        for (String[] bad : List.of(new String[] {"--connections", "0"}, new String[] {"--clients", "2", "--connections", "3"},
                new String[] {"--connections", "1001", "--clients", "2000"})) {
            String[] args = new String[6 + bad.length];
            System.arraycopy(new String[] {"--cluster", "127.0.0.1:1", "bench", "put", "--ops", "10"}, 0, args, 0, 6);
            System.arraycopy(bad, 0, args, 6, bad.length);
            Result r = run(opener(), args);
            assertEquals(ExitCodes.USAGE, r.code(), String.join(" ", bad) + ": " + r.err());
            assertTrue(r.err().startsWith("cairn: --connections"), r.err());
            assertTrue(opened.isEmpty(), "nothing was opened");
        }
    }
}
