package io.cairn.commands.kv;

import io.cairn.commands.BaseCommand;
import io.cairn.commands.CommandContext;
import io.cairn.commands.CommandFailure;
import io.cairn.commands.Committed;
import io.cairn.commands.ExitCodes;
import io.cairn.commands.keyspace.KeyspaceOption;
import io.cairn.api.Limits;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cairn put KEY VALUE}: sets a key, the value given inline, from a file, or from stdin. */
@Command(name = "put", description = {"Sets KEY to VALUE.",
        "The value is given inline, read byte-exact from --file PATH, or from standard input with - or --file -."})
public final class Put extends BaseCommand {
    @Parameters(index = "0", paramLabel = "KEY", description = "The key.")
    String key;

    @Parameters(index = "1", arity = "0..1", paramLabel = "VALUE", description = "The value; - reads standard input.")
    String value;

    @Option(names = "--file", paramLabel = "PATH", description = "Read the value byte-exact from PATH (- for standard input).")
    String file;

    @Mixin
    KeyspaceOption keyspace = new KeyspaceOption();

    /** A put command running in {@code ctx}. */
    public Put(CommandContext ctx) {
        super(ctx);
    }

    @Override
    public Integer call() {
        if ((value == null) == (file == null)) {
            throw CommandFailure.usage("put needs a VALUE or --file PATH (exactly one)");
        }
        byte[] k = key(key, "key");
        byte[] v;
        if (file != null) {
            v = read(file);
        } else if (value.equals("-")) {
            v = read("-");
        } else {
            v = ctx.byteFormat().parse(value, "value");
        }
        checkValue(v, file != null && !file.equals("-") ? "value from " + file : "value");
        keyspace.checkName();
        Committed c = Committed.write(ctx, tx -> tx.set(keyspace.isSet()
                ? KeyspaceOption.stored(keyspace.open(tx), k, "key") : k, v));
        Map<String, Object> fields = c.fields("put");
        if (keyspace.isSet()) {
            fields.put("keyspace", keyspace.name());
        }
        fields.put("key", k);
        printer().done(c.text("put " + show(k)), fields);
        keyspace.remember(ctx);
        return ExitCodes.SUCCESS;
    }

    /** Reads at most one byte more than the value limit, so that a huge file fails fast. */
    private byte[] read(String path) {
        try (InputStream in = path.equals("-") ? ctx.in() : Files.newInputStream(Path.of(path))) {
            return in.readNBytes(Limits.MAX_VALUE_SIZE + 1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
