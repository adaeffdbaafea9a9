package io.cairn.commands.txn;

import io.cairn.api.partition.Keyspace;
import io.cairn.api.partition.Keyspaces;
import io.cairn.commands.keyspace.KeyspaceOption;
import io.cairn.api.Range;
import io.cairn.api.Transaction;
import io.cairn.commands.BaseCommand;
import io.cairn.commands.CommandContext;
import io.cairn.commands.CommandFailure;
import io.cairn.commands.Committed;
import io.cairn.commands.ExitCodes;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code cairn txn}: runs a batch of guards and writes, read from a file or stdin, as one
 * transaction, retrying conflicts; a guard that does not hold writes nothing and exits with
 * {@link ExitCodes#GUARD_FAILED}.
 */
@Command(name = "txn", description = {"Runs a batch of operations as one transaction, retrying conflicts.",
        "One operation per line: put KEY VALUE, delete KEY, clear-range BEGIN END,",
        "and guards if-equal KEY VALUE, if-absent KEY, if-present KEY. Lines starting with # are comments.",
        "When a guard does not hold, nothing is written and cairn exits with 3."})
public final class Txn extends BaseCommand {
    /** Largest batch text read, to fail clearly rather than run out of memory. */
    static final int MAX_SCRIPT_BYTES = 64 << 20;

    @Option(names = {"-f", "--file"}, paramLabel = "PATH", defaultValue = "-",
            description = "Read the batch from PATH; - (the default) reads standard input.")
    String file;

    @Mixin
    KeyspaceOption keyspace = new KeyspaceOption();

    /** A txn command running in {@code ctx}. */
    public Txn(CommandContext ctx) {
        super(ctx);
    }

    @Override
    public Integer call() {
        TxnScript script = TxnScript.parse(read(), ctx.byteFormat());
        keyspace.checkName();
        AtomicInteger attempts = new AtomicInteger();
        Committed c = Committed.write(ctx, tx -> {
            attempts.incrementAndGet();
            apply(script, tx);
        });
        List<Object> ops = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        for (TxnScript.Op op : script.ops()) {
            ops.add(describe(op));
            text.append(op.kind().word()).append(' ').append(show(op.a()));
            if (op.b() != null) {
                text.append(' ').append(show(op.b()));
            }
            text.append(op.kind().isGuard() ? ": held\n" : "\n");
        }
        Map<String, Object> fields = c.fields("txn");
        if (keyspace.isSet()) {
            fields.put("keyspace", keyspace.name());
        }
        fields.put("attempts", attempts.get());
        fields.put("operations", ops);
        text.append(c.text(script.ops().size() + " operations"));
        if (attempts.get() > 1) {
            text.append(" after ").append(attempts.get()).append(" attempts");
        }
        printer().done(text.toString(), fields);
        keyspace.remember(ctx);
        return ExitCodes.SUCCESS;
    }

    private void apply(TxnScript script, Transaction tx) {
        Keyspace ks = keyspace.isSet() ? keyspace.open(tx) : null;
        for (TxnScript.Op op : script.ops()) {
            byte[] key = ks == null || op.kind() == TxnScript.Kind.CLEAR_RANGE ? op.a()
                    : KeyspaceOption.stored(ks, op.a(), "txn line " + op.line() + ": key");
            switch (op.kind()) {
                case PUT -> tx.set(key, op.b());
                case DELETE -> tx.clear(key);
                case CLEAR_RANGE -> {
                    if (ks == null) {
                        tx.clear(new Range(op.a(), op.b()));
                    } else {
                        KeyspaceOption.checkUserKey(ks, op.a(), "txn line " + op.line() + ": BEGIN");
                        KeyspaceOption.checkUserEnd(ks, op.b(), "txn line " + op.line() + ": END");
                        Keyspaces.clear(tx, ks, op.a(), op.b());
                    }
                }
                case IF_EQUAL, IF_ABSENT, IF_PRESENT -> check(op, tx.get(key));
            }
        }
    }

    private void check(TxnScript.Op op, byte[] actual) {
        boolean holds = switch (op.kind()) {
            case IF_EQUAL -> actual != null && Arrays.equals(actual, op.b());
            case IF_ABSENT -> actual == null;
            default -> actual != null;
        };
        if (!holds) {
            String now = actual == null ? "the key has no value" : "its value is " + show(actual);
            throw new CommandFailure(ExitCodes.GUARD_FAILED, "guard on line " + op.line() + " failed: "
                    + op.kind().word() + " " + show(op.a()) + (op.b() == null ? "" : " " + show(op.b()))
                    + ", but " + now + "; nothing was written");
        }
    }

    private static Map<String, Object> describe(TxnScript.Op op) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("op", op.kind().word());
        m.put(op.kind() == TxnScript.Kind.CLEAR_RANGE ? "begin" : "key", op.a());
        if (op.b() != null) {
            m.put(op.kind() == TxnScript.Kind.CLEAR_RANGE ? "end" : "value", op.b());
        }
        return m;
    }

    private String read() {
        try (InputStream in = file.equals("-") ? ctx.in() : Files.newInputStream(Path.of(file))) {
            byte[] b = in.readNBytes(MAX_SCRIPT_BYTES + 1);
            if (b.length > MAX_SCRIPT_BYTES) {
                throw CommandFailure.usage("the txn batch is larger than " + (MAX_SCRIPT_BYTES >> 20) + " MiB");
            }
            return new String(b, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
