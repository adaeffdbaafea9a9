package io.cairn.commands.kv;

import io.cairn.api.Bytes;
import io.cairn.api.KeyValue;
import io.cairn.api.Range;
import io.cairn.commands.BaseCommand;
import io.cairn.commands.CommandContext;
import io.cairn.commands.CommandFailure;
import io.cairn.commands.ExitCodes;
import io.cairn.commands.Transactions;
import io.cairn.commands.keyspace.KeyspaceOption;
import io.cairn.api.partition.Keyspace;
import io.cairn.api.partition.Keyspaces;
import io.cairn.commands.output.Printer;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code cairn scan}: prints the pairs of a range in key order (or reverse), or only their keys or
 * their count.
 *
 * <p>Reads in batches of {@link #BATCH} pairs, each in its own transaction, so that a scan of any
 * size streams and never outlives the MVCC window; inside the shell's open transaction every
 * batch reads that one transaction.
 */
@Command(name = "scan", description = {"Prints the pairs from --begin (inclusive) to --end (exclusive), or with --prefix.",
        "Without a range, scans every key. Large scans read in batches of 1000, each its own transaction."})
public final class Scan extends BaseCommand {
    /** Pairs read per transaction. */
    static final int BATCH = 1000;

    @Option(names = "--begin", paramLabel = "KEY", description = "First key (inclusive); default the first key.")
    String begin;

    @Option(names = "--end", paramLabel = "KEY", description = "Key after the last one (exclusive); default \\xff (in a keyspace: its end).")
    String end;

    @Option(names = "--prefix", paramLabel = "PREFIX", description = "Every key starting with PREFIX.")
    String prefix;

    @Option(names = "--limit", paramLabel = "N", description = "Print at most N pairs (0 for all; the default).")
    long limit;

    @Option(names = "--reverse", description = "Scan from the last key to the first.")
    boolean reverse;

    @Option(names = "--keys-only", description = "Print keys only.")
    boolean keysOnly;

    @Option(names = "--count", description = "Print only how many pairs there are.")
    boolean count;

    @Mixin
    KeyspaceOption keyspace = new KeyspaceOption();

    @Option(names = "--stream", description = "With -o json: one JSON line per pair instead of one document.")
    boolean stream;

    /** A scan command running in {@code ctx}. */
    public Scan(CommandContext ctx) {
        super(ctx);
    }

    @Override
    public Integer call() {
        Range range = range();
        if (limit < 0) {
            throw CommandFailure.usage("--limit must be 0 (no limit) or more, not " + limit);
        }
        keyspace.checkName();
        // In a keyspace the bounds are user keys, and without --end or --prefix there is none.
        byte[] restBegin = range.begin();
        byte[] restEnd = keyspace.isSet() && end == null && prefix == null ? null : range.end();
        if (keyspace.isSet()) {
            byte[] userEnd = restEnd;
            Transactions.run(ctx, tx -> checkBounds(keyspace.open(tx.snapshot()), range.begin(), userEnd));
        }
        Printer.Rows rows = count ? null : printer().rows(keysOnly, stream);
        long n = 0;
        boolean more = false;
        while (restEnd == null || Bytes.compare(restBegin, restEnd) < 0) {
            ctx.cancellation().check();
            int batch = (int) (limit == 0 ? BATCH : Math.min(BATCH, limit - n));
            List<KeyValue> page = read(restBegin, restEnd, batch);
            for (KeyValue kv : page) {
                if (rows != null) {
                    rows.row(kv.key(), kv.value());
                }
            }
            n += page.size();
            if (page.size() < batch) {
                break;
            }
            byte[] last = page.get(page.size() - 1).key();
            if (reverse) {
                restEnd = last;
            } else {
                restBegin = Bytes.keyAfter(last);
            }
            if (limit != 0 && n >= limit) {
                more = (restEnd == null || Bytes.compare(restBegin, restEnd) < 0) && !read(restBegin, restEnd, 1).isEmpty();
                break;
            }
        }
        if (count) {
            printer().count(n);
        } else {
            rows.end(n, more);
        }
        keyspace.remember(ctx);
        return ExitCodes.SUCCESS;
    }

    /** Up to {@code batch} pairs of {@code [b, e)} ({@code e} null: to the end of the keyspace), in one transaction. */
    private List<KeyValue> read(byte[] b, byte[] e, int batch) {
        if (keyspace.isSet()) {
            return Transactions.run(ctx, tx -> Keyspaces.scan(tx, keyspace.open(tx), b, e, batch, reverse));
        }
        Range r = new Range(b, e);
        return Transactions.run(ctx, tx -> tx.getRange(r, batch, reverse));
    }

    /** Checks the bounds given, in user-key terms; a prefix's end is never longer than the prefix. */
    private Keyspace checkBounds(Keyspace ks, byte[] b, byte[] e) {
        KeyspaceOption.checkUserKey(ks, b, prefix != null ? "prefix" : "--begin");
        if (e != null && prefix == null) {
            KeyspaceOption.checkUserEnd(ks, e, "--end");
        }
        return ks;
    }

    private Range range() {
        if (prefix != null && (begin != null || end != null)) {
            throw CommandFailure.usage("--prefix cannot be combined with --begin or --end");
        }
        if (prefix != null) {
            byte[] p = ctx.byteFormat().parse(prefix, "prefix");
            checkKey(p, "prefix");
            return Range.startsWith(p);
        }
        byte[] b = begin == null ? Bytes.EMPTY : ctx.byteFormat().parse(begin, "--begin");
        byte[] e = end == null ? Range.SYSTEM_PREFIX : ctx.byteFormat().parse(end, "--end");
        checkKey(b, "--begin");
        if (!java.util.Arrays.equals(e, Range.SYSTEM_PREFIX)) {
            checkKey(e, "--end");
        }
        if (Bytes.compare(b, e) > 0) {
            throw CommandFailure.usage("--begin " + show(b) + " sorts after --end " + show(e));
        }
        return new Range(b, e);
    }
}
