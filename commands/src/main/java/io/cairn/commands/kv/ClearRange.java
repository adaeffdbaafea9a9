package io.cairn.commands.kv;

import io.cairn.api.Bytes;
import io.cairn.api.Range;
import io.cairn.commands.BaseCommand;
import io.cairn.commands.CommandContext;
import io.cairn.commands.CommandFailure;
import io.cairn.commands.Committed;
import io.cairn.commands.ExitCodes;
import io.cairn.commands.Transactions;
import io.cairn.commands.keyspace.KeyspaceOption;
import io.cairn.api.partition.Keyspace;
import io.cairn.api.partition.Keyspaces;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code cairn clear-range BEGIN END}: removes every key from BEGIN (inclusive) to END
 * (exclusive), after confirmation on a terminal; without a terminal it needs {@code --yes}.
 */
@Command(name = "clear-range", description = {"Removes every key from BEGIN (inclusive) to END (exclusive).",
        "Asks for confirmation on a terminal; elsewhere refuses unless --yes is given."})
public final class ClearRange extends BaseCommand {
    @Parameters(index = "0", paramLabel = "BEGIN", description = "The first key removed (inclusive).")
    String begin;

    @Parameters(index = "1", paramLabel = "END", description = "The first key kept after the range (exclusive).")
    String end;

    @Option(names = {"-y", "--yes"}, description = "Do not ask for confirmation.")
    boolean yes;

    @Mixin
    KeyspaceOption keyspace = new KeyspaceOption();

    /** A clear-range command running in {@code ctx}. */
    public ClearRange(CommandContext ctx) {
        super(ctx);
    }

    @Override
    public Integer call() {
        byte[] b = ctx.byteFormat().parse(begin, "BEGIN");
        byte[] e = ctx.byteFormat().parse(end, "END");
        if (Bytes.compare(b, e) > 0) {
            throw CommandFailure.usage("BEGIN " + show(b) + " sorts after END " + show(e)
                    + "; the range is [BEGIN, END)");
        }
        checkKey(b, "BEGIN");
        if (!java.util.Arrays.equals(e, Range.SYSTEM_PREFIX)) {
            checkKey(e, "END");
        }
        keyspace.checkName();
        if (keyspace.isSet()) {
            // Checked in user-key terms before asking, so that no stored form shows in the error.
            Transactions.run(ctx, tx -> checkBounds(keyspace.open(tx.snapshot()), b, e));
        }
        Range range = new Range(b, e);
        String where = keyspace.isSet() ? " of keyspace '" + keyspace.name() + "'" : "";
        if (!yes) {
            String question = "Remove every key" + where + " in [" + show(b) + ", " + show(e) + ")?";
            if (!ctx.isTerminal()) {
                throw CommandFailure.usage("clear-range removes data and standard input is not a terminal "
                        + "to confirm it: add --yes");
            }
            if (!ctx.confirm(question)) {
                throw new CommandFailure(ExitCodes.CANCELLED, "not confirmed; nothing was removed");
            }
        }
        Committed c = Committed.write(ctx, tx -> {
            if (keyspace.isSet()) {
                Keyspaces.clear(tx, checkBounds(keyspace.open(tx), b, e), b, e);
            } else {
                tx.clear(range);
            }
        });
        Map<String, Object> fields = c.fields("clear-range");
        if (keyspace.isSet()) {
            fields.put("keyspace", keyspace.name());
        }
        fields.put("begin", b);
        fields.put("end", e);
        printer().done(c.text("cleared [" + show(b) + ", " + show(e) + ")" + where), fields);
        keyspace.remember(ctx);
        return ExitCodes.SUCCESS;
    }

    private static Keyspace checkBounds(Keyspace ks, byte[] b, byte[] e) {
        KeyspaceOption.checkUserKey(ks, b, "BEGIN");
        KeyspaceOption.checkUserEnd(ks, e, "END");
        return ks;
    }
}
