package io.cairn.backup;

import io.cairn.api.Bytes;
import io.cairn.api.CairnException;
import io.cairn.api.Database;
import io.cairn.api.ErrorCode;
import io.cairn.api.KeyValue;
import io.cairn.api.Limits;
import io.cairn.api.Range;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Restores a backup into a database, whole or in part, optionally renaming keys by prefix.
 *
 * <p>A restore runs in two passes. The first reads every chunk it needs and checks checksums,
 * counts and target keys, and checks that the target ranges are empty (or that the caller asked
 * to clear them); any problem aborts it before anything is written. The second re-reads the
 * chunks, checking them again, and writes the pairs in transactions of at most
 * {@link Options#transactionBytes()} bytes, since one transaction is limited to
 * {@value Limits#MAX_TRANSACTION_SIZE} bytes. The clear of a target range commits together with
 * the first pairs written into it.
 *
 * <p>If the second pass fails midway (the process dies, the database fails, or a chunk changed on
 * disk since the first pass), each target range is left in one of three states: untouched, fully
 * restored, or holding part of the backup's pairs, in whole transactions (a few of which commit
 * at once, so not necessarily a prefix in key order), and nothing else. Running the same restore
 * again with {@code clearTarget} replaces the partial range. Thread-safe (stateless); blocks.
 */
public final class BackupRestorer {
    /** Default bytes per restore transaction: well below the transaction limit. */
    public static final long DEFAULT_TRANSACTION_BYTES = 4L << 20;
    /** Default number of restore transactions committing at once. */
    public static final int DEFAULT_PARALLELISM = 2;

    /**
     * What to restore and how.
     *
     * @param range the source keys to restore (begin inclusive, end exclusive), or null for all
     *     (all under {@code removePrefix} when one is given)
     * @param addPrefix bytes put in front of every restored key; empty for none
     * @param removePrefix bytes stripped from every restored key, which must all start with them; empty for none
     * @param clearTarget whether to clear non-empty target ranges instead of refusing them
     * @param dryRun whether to stop after the checking pass, writing nothing
     * @param transactionBytes the estimated size at which a restore transaction is committed
     * @param parallelism how many transactions may be committing at once, at least 1
     * @param cancelled checked between transactions; when true the restore stops with 1025
     */
    public record Options(Range range, byte[] addPrefix, byte[] removePrefix, boolean clearTarget, boolean dryRun,
            long transactionBytes, int parallelism, BooleanSupplier cancelled) {
        /** Checks the settings. */
        public Options {
            if (transactionBytes < 1 || transactionBytes > Limits.MAX_TRANSACTION_SIZE / 2) {
                throw new CairnException(ErrorCode.INVALID_ARGUMENT, "transaction bytes must be 1 to "
                        + Limits.MAX_TRANSACTION_SIZE / 2 + ", not " + transactionBytes);
            }
            if (parallelism < 1) {
                throw new CairnException(ErrorCode.INVALID_ARGUMENT, "parallelism must be at least 1, not " + parallelism);
            }
        }

        /** Everything, no renaming, refusing non-empty targets. */
        public static Options defaults() {
            return new Options(null, Bytes.EMPTY, Bytes.EMPTY, false, false, DEFAULT_TRANSACTION_BYTES,
                    DEFAULT_PARALLELISM, () -> false);
        }

        /** These options for source keys in {@code r} only. */
        public Options withRange(Range r) {
            return new Options(r, addPrefix, removePrefix, clearTarget, dryRun, transactionBytes, parallelism, cancelled);
        }

        /** These options renaming keys from prefix {@code remove} to prefix {@code add}. */
        public Options withPrefixes(byte[] add, byte[] remove) {
            return new Options(range, add, remove, clearTarget, dryRun, transactionBytes, parallelism, cancelled);
        }

        /** These options with {@code clear} for clearing the target and {@code dry} for a dry run. */
        public Options withFlags(boolean clear, boolean dry) {
            return new Options(range, addPrefix, removePrefix, clear, dry, transactionBytes, parallelism, cancelled);
        }

        /** These options committing every {@code bytes} bytes. */
        public Options withTransactionBytes(long bytes) {
            return new Options(range, addPrefix, removePrefix, clearTarget, dryRun, bytes, parallelism, cancelled);
        }

        /** These options committing up to {@code n} transactions at once. */
        public Options withParallelism(int n) {
            return new Options(range, addPrefix, removePrefix, clearTarget, dryRun, transactionBytes, n, cancelled);
        }

        /** These options, stopping when {@code c} returns true. */
        public Options withCancelled(BooleanSupplier c) {
            return new Options(range, addPrefix, removePrefix, clearTarget, dryRun, transactionBytes, parallelism, c);
        }
    }

    /**
     * What a restore did, or would do for a dry run.
     *
     * @param manifest the backup's manifest
     * @param sourceRanges the backed-up key ranges restored
     * @param targetRanges the key ranges written, in the same order
     * @param keys pairs restored (or to restore)
     * @param rawBytes their key and value bytes
     * @param chunks chunks read per pass
     * @param transactions transactions committed; 0 for a dry run
     * @param clearedNonEmpty whether a non-empty target range was cleared (or would be)
     * @param dryRun whether nothing was written on purpose
     * @param elapsed how long it took
     */
    public record Result(Manifest manifest, List<Range> sourceRanges, List<Range> targetRanges, long keys,
            long rawBytes, int chunks, int transactions, boolean clearedNonEmpty, boolean dryRun, Duration elapsed) {}

    /** The chunks and target of one source range. */
    private record Plan(Range source, Range target, List<ChunkInfo> chunks) {}

    private BackupRestorer() {}

    /**
     * Restores the backup in {@code backupDir} into {@code db}; see the class description for
     * what a failure leaves behind.
     *
     * @throws CairnException {@code data_corrupt} (1511) or {@code io_error} (1510) naming the
     *     chunk or manifest, with nothing written; {@code invalid_operation} (2001) when a target
     *     range is not empty and {@code clearTarget} is false, with nothing written;
     *     {@code invalid_argument} (2000) for a range outside the backup or the prefix to remove
     */
    public static Result restore(Database db, Path backupDir, Options options, Progress progress) {
        long start = System.nanoTime();
        Manifest m = Manifest.read(backupDir);
        List<String> tiling = BackupVerifier.tiling(m);
        if (!tiling.isEmpty()) {
            throw new CairnException(ErrorCode.DATA_CORRUPT, tiling.get(0));
        }
        KeyMapping mapping = new KeyMapping(options.addPrefix(), options.removePrefix());
        List<Plan> plans = plan(m, options, mapping);
        long[] counts = check(backupDir, plans, mapping, progress);
        boolean nonEmpty = targetsNonEmpty(db, plans, options.clearTarget());
        List<Range> sources = plans.stream().map(Plan::source).toList();
        List<Range> targets = plans.stream().map(Plan::target).toList();
        int chunks = plans.stream().mapToInt(p -> p.chunks().size()).sum();
        if (options.dryRun()) {
            return new Result(m, sources, targets, counts[0], counts[1], chunks, 0, nonEmpty, true,
                    Duration.ofNanos(System.nanoTime() - start));
        }
        int transactions = write(db, backupDir, plans, mapping, options, counts[1], progress);
        return new Result(m, sources, targets, counts[0], counts[1], chunks, transactions, nonEmpty, false,
                Duration.ofNanos(System.nanoTime() - start));
    }

    private static List<Plan> plan(Manifest m, Options options, KeyMapping mapping) {
        Range domain = mapping.domain();
        Range wanted = options.range() == null ? domain : options.range();
        if (!Ranges.within(wanted, domain)) {
            throw new CairnException(ErrorCode.INVALID_ARGUMENT, "range " + wanted + " holds keys that do not start "
                    + "with the prefix to remove '" + Bytes.printable(options.removePrefix()) + "'");
        }
        List<Plan> plans = new ArrayList<>();
        for (Range backed : m.ranges()) {
            Range source = Ranges.intersect(backed, wanted);
            if (source.isEmpty()) {
                continue;
            }
            List<ChunkInfo> chunks = new ArrayList<>();
            for (ChunkInfo c : m.chunks()) {
                if (Ranges.overlaps(c.range(), source)) {
                    chunks.add(c);
                }
            }
            plans.add(new Plan(source, mapping.map(source), chunks));
        }
        if (plans.isEmpty()) {
            throw new CairnException(ErrorCode.INVALID_ARGUMENT, "range " + wanted + " shares no key with the ranges "
                    + m.ranges() + " of the backup");
        }
        return plans;
    }

    /** The first pass: every chunk read and checked, every target key checked. Returns {keys, raw bytes}. */
    private static long[] check(Path dir, List<Plan> plans, KeyMapping mapping, Progress progress) {
        long stored = 0;
        for (Plan p : plans) {
            for (ChunkInfo c : p.chunks()) {
                stored += c.storedBytes();
            }
        }
        progress.begin("restore: checking chunks", stored);
        long keys = 0;
        long raw = 0;
        for (Plan p : plans) {
            for (ChunkInfo c : p.chunks()) {
                for (KeyValue kv : ChunkReader.read(dir, c)) {
                    if (p.source().contains(kv.key())) {
                        KeyMapping.checkTarget(kv.key(), mapping.map(kv.key()));
                        keys++;
                        raw += kv.key().length + kv.value().length;
                    }
                }
                progress.advance(c.storedBytes());
            }
        }
        progress.end();
        return new long[] {keys, raw};
    }

    private static boolean targetsNonEmpty(Database db, List<Plan> plans, boolean clearTarget) {
        for (Plan p : plans) {
            List<KeyValue> first = db.read(tx -> tx.snapshot().getRange(p.target(), 1, false));
            if (!first.isEmpty()) {
                if (!clearTarget) {
                    throw new CairnException(ErrorCode.INVALID_OPERATION, "target range " + p.target()
                            + " is not empty (it holds '" + Bytes.printable(first.get(0).key()) + "'); nothing was "
                            + "restored. Restore into an empty range, or clear it first with --clear-target");
                }
                return true;
            }
        }
        return false;
    }

    /**
     * The second pass: chunks re-read and written. A range's first transaction (which clears the
     * target when asked) commits alone; its others commit up to {@code parallelism} at a time,
     * which is safe because they write disjoint keys and read nothing. Returns the number of
     * transactions committed.
     */
    private static int write(Database db, Path dir, List<Plan> plans, KeyMapping mapping, Options options,
            long rawTotal, Progress progress) {
        progress.begin("restore", rawTotal);
        RestoreCommitter committer = new RestoreCommitter(db, options.parallelism(), options.cancelled(), progress);
        try {
            for (Plan p : plans) {
                Range clear = options.clearTarget() ? p.target() : null;
                List<KeyValue> batch = new ArrayList<>();
                long batchBytes = 0;
                long batchRaw = 0;
                for (ChunkInfo c : p.chunks()) {
                    for (KeyValue kv : ChunkReader.read(dir, c)) {
                        if (!p.source().contains(kv.key())) {
                            continue;
                        }
                        byte[] target = mapping.map(kv.key());
                        batch.add(new KeyValue(target, kv.value()));
                        batchBytes += 3L * target.length + kv.value().length + 32;
                        batchRaw += kv.key().length + kv.value().length;
                        if (batchBytes >= options.transactionBytes()) {
                            committer.submit(clear, batch, batchRaw, clear != null);
                            clear = null;
                            batch = new ArrayList<>();
                            batchBytes = 0;
                            batchRaw = 0;
                        }
                    }
                }
                if (!batch.isEmpty() || clear != null) {
                    committer.submit(clear, batch, batchRaw, clear != null);
                }
            }
            committer.drain();
        } finally {
            committer.shutdown();
        }
        progress.end();
        return committer.committed();
    }

}
