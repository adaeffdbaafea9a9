package io.cairn.cli;

import io.cairn.api.Database;
import io.cairn.api.ReadTransaction;
import io.cairn.api.Transaction;
import io.cairn.commands.testing.ModelDatabase;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Runs cairn as {@link Main} would, through {@link Cli#run}, with captured streams, a private
 * environment under a temporary directory, and a {@link ModelDatabase} that outlives each run.
 */
final class Harness {
    final ModelDatabase db = new ModelDatabase();
    final Map<String, String> env = new HashMap<>();
    final Path root;
    int opens;

    /** The outcome of one run. */
    record Result(int code, byte[] outBytes, String out, String err) {}

    Harness(Path root) {
        this.root = root;
        try {
            Files.createDirectories(root.resolve("home"));
            Files.createDirectories(root.resolve("work"));
            Files.createDirectories(root.resolve("etc"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Environment environment() {
        return new Environment(env, root.resolve("home"), root.resolve("work"), root.resolve("etc"));
    }

    Result run(String... args) {
        return run(new byte[0], false, args);
    }

    Result runWithInput(String stdin, String... args) {
        return run(stdin.getBytes(StandardCharsets.UTF_8), false, args);
    }

    Result run(byte[] stdin, boolean terminal, String... args) {
        return run(stdin, terminal, true, args);
    }

    /** Runs {@code args} with every command line parsed by picocli, the direct get path off. */
    Result runThroughPicocli(String... args) {
        return run(new byte[0], false, false, args);
    }

    private Result run(byte[] stdin, boolean terminal, boolean direct, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Io io = new Io(new ByteArrayInputStream(stdin), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), terminal);
        int code = Cli.run(args, io, environment(), opener(), direct);
        return new Result(code, out.toByteArray(), out.toString(StandardCharsets.UTF_8),
                err.toString(StandardCharsets.UTF_8));
    }

    /** Opens the shared model database, as if each run opened the same data directory. */
    DatabaseOpener opener() {
        return (settings, environment) -> {
            opens++;
            Database shared = new Database() {
                @Override
                public Transaction createTransaction() {
                    return db.createTransaction();
                }

                @Override
                public <T> T run(Function<? super Transaction, T> work) {
                    return db.run(work);
                }

                @Override
                public <T> T read(Function<? super ReadTransaction, T> work) {
                    return db.read(work);
                }

                @Override
                public void close() {
                    // The model outlives each run, like a data directory.
                }
            };
            return new DatabaseOpener.Opened() {
                @Override
                public Database database() {
                    return shared;
                }

                @Override
                public Map<String, Object> status() {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("keys", db.snapshot().size());
                    m.put("committed-version", db.version());
                    return m;
                }
            };
        };
    }
}
