package io.cairn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.api.Database;
import io.cairn.api.ReadTransaction;
import io.cairn.api.Transaction;
import io.cairn.commands.ExitCodes;
import io.cairn.commands.testing.ModelDatabase;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code bench bank} fails the run when the database loses a write and the total changes. */
@Timeout(60)
class BenchInvariantTest {
    @TempDir
    Path tmp;

    /** The model database, except that the {@code dropAt}-th set of a committed transfer is silently lost. */
    private static Database losingOneWrite(ModelDatabase model, int dropAt) {
        AtomicInteger sets = new AtomicInteger();
        return new Database() {
            @Override
            public Transaction createTransaction() {
                Transaction real = model.createTransaction();
                return (Transaction) Proxy.newProxyInstance(Transaction.class.getClassLoader(),
                        new Class<?>[] {Transaction.class}, (proxy, method, args) -> {
                            if (method.getName().equals("set") && sets.incrementAndGet() == dropAt) {
                                return null;
                            }
                            try {
                                return method.invoke(real, args);
                            } catch (InvocationTargetException e) {
                                throw e.getCause();
                            }
                        });
            }

            @Override
            public <T> T run(Function<? super Transaction, T> work) {
                return model.run(work);
            }

            @Override
            public <T> T read(Function<? super ReadTransaction, T> work) {
                return model.read(work);
            }

            @Override
            public void close() {
                // The model lives as long as the test.
            }
        };
    }

    private static DatabaseOpener opening(Database db) {
        return (settings, env) -> new DatabaseOpener.Opened() {
            @Override
            public Database database() {
                return db;
            }

            @Override
            public Map<String, Object> status() {
                return Map.of();
            }
        };
    }

    private int bank(Database db, ByteArrayOutputStream out, ByteArrayOutputStream err) {
        Io io = new Io(new ByteArrayInputStream(new byte[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), false);
        return Cli.run(new String[] {"-o", "json", "bench", "bank", "--clients", "1", "--keys", "10", "--ops", "50",
            "--warmup", "0", "--seed", "7"}, io, new Environment(new HashMap<>(), tmp, tmp, tmp.resolve("etc")),
                opening(db));
    }

    @Test
    void aLostWriteBreaksTheBankInvariantAndTheRunExitsNonZero() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        // The 10 accounts are loaded by 10 sets (through a transaction each batch); the 15th set is half a transfer.
        int code = bank(losingOneWrite(new ModelDatabase(), 15), out, err);
        String json = out.toString(StandardCharsets.UTF_8);
        assertEquals(ExitCodes.INTERNAL, code, err.toString(StandardCharsets.UTF_8));
        assertTrue(json.contains("\"invariant\":{\"ok\":false,"), json);
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("cairn: bank invariant broken: "), err.toString());
        assertTrue(json.contains("\"failed\":0,"), "every operation succeeded; only the check saw the loss: " + json);
    }

    @Test
    void withNoWriteLostTheSameRunSucceeds() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = bank(losingOneWrite(new ModelDatabase(), Integer.MAX_VALUE), out, err);
        assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("\"invariant\":{\"ok\":true,"));
    }
}
