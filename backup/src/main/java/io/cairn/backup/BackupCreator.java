package io.cairn.backup;

import io.cairn.api.CairnException;
import io.cairn.api.Database;
import io.cairn.api.ErrorCode;
import io.cairn.api.KeyValue;
import io.cairn.api.KeyValueIterator;
import io.cairn.api.Range;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.function.BooleanSupplier;
import java.util.zip.Deflater;

/**
 * Takes a backup: reads one consistent snapshot of the database while writes go on, writes it
 * as compressed, checksummed chunks, and writes the manifest last and atomically, so that a
 * backup that did not finish never looks complete.
 *
 * <p>The snapshot is the database's {@link Database.Snapshots} when it has them, which stays at
 * one version however long the backup takes. Reading runs on the calling thread; compressing and
 * writing chunks run on worker threads. Thread-safe (stateless); {@link #create} blocks.
 */
public final class BackupCreator {
    private static final DateTimeFormatter NAME_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS").withZone(ZoneOffset.UTC);

    /**
     * How to take a backup.
     *
     * @param ranges the key ranges to back up (begin inclusive, end exclusive); empty for every user key
     * @param chunkBytes the raw key and value bytes after which a chunk is closed
     * @param compressionLevel the {@link Deflater} level, 0 (none) to 9 (smallest)
     * @param threads worker threads that compress and write chunks, at least 1
     * @param clock the clock for names and timestamps
     * @param cancelled checked between chunks; when it returns true the backup stops with
     *     {@code transaction_cancelled} (1025)
     */
    public record Options(List<Range> ranges, int chunkBytes, int compressionLevel, int threads, Clock clock,
            BooleanSupplier cancelled) {
        /** Checks the settings. */
        public Options {
            ranges = List.copyOf(ranges);
            if (chunkBytes < 1 || compressionLevel < 0 || compressionLevel > 9 || threads < 1) {
                throw new CairnException(ErrorCode.INVALID_ARGUMENT, "chunk bytes and threads must be positive and the "
                        + "compression level 0 to 9, not " + chunkBytes + ", " + threads + ", " + compressionLevel);
            }
        }

        /** Every user key, 4 MiB chunks, fastest compression, one writer thread per spare core. */
        public static Options defaults() {
            return new Options(List.of(), BackupFormat.DEFAULT_CHUNK_BYTES, Deflater.BEST_SPEED,
                    Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors() - 1)), Clock.systemUTC(),
                    () -> false);
        }

        /** These options for {@code ranges} instead. */
        public Options withRanges(List<Range> r) {
            return new Options(r, chunkBytes, compressionLevel, threads, clock, cancelled);
        }

        /** These options with chunks of {@code bytes} raw bytes. */
        public Options withChunkBytes(int bytes) {
            return new Options(ranges, bytes, compressionLevel, threads, clock, cancelled);
        }

        /** These options with names and times from {@code c}. */
        public Options withClock(Clock c) {
            return new Options(ranges, chunkBytes, compressionLevel, threads, c, cancelled);
        }

        /** These options, stopping when {@code c} returns true. */
        public Options withCancelled(BooleanSupplier c) {
            return new Options(ranges, chunkBytes, compressionLevel, threads, clock, c);
        }
    }

    /**
     * What a finished backup holds.
     *
     * @param name the backup's directory name
     * @param directory the backup's directory
     * @param manifest its manifest
     * @param elapsed how long it took
     */
    public record Result(String name, Path directory, Manifest manifest, Duration elapsed) {}

    /** A chunk on disk: its size and checksum (not its bytes, which are dropped once written). */
    private record Written(long length, int crc32c) {}

    /** One chunk handed to the writers: its number, the backup range it belongs to, its first key. */
    private record Pending(int index, int rangeIndex, byte[] firstKey, long keys, long rawBytes,
            Future<Written> written) {}

    private BackupCreator() {}

    /**
     * Backs up {@code db} into a new directory under {@code root} (created if needed). Blocks until
     * the manifest is durable. On failure the partial directory is removed when possible; one
     * left behind (after a crash or kill) has no manifest and is listed as incomplete.
     *
     * @throws CairnException {@code io_error} (1510) when files cannot be written,
     *     {@code invalid_argument} (2000) for bad ranges, and the database's own errors
     */
    public static Result create(Database db, Path root, Options options, Progress progress) {
        List<Range> ranges = Ranges.normalize(options.ranges());
        Clock clock = options.clock();
        Instant started = clock.instant();
        Path dir = newBackupDirectory(root, started);
        JobLock inProgress = JobLock.tryAcquire(dir.resolve(BackupFormat.IN_PROGRESS), "backup create")
                .orElseThrow(() -> new CairnException(ErrorCode.IO_ERROR, "backup directory " + dir
                        + " is already in use by another process"));
        boolean done = false;
        try {
            Files.createDirectory(dir.resolve(BackupFormat.CHUNKS));
            Manifest manifest = write(db, dir, ranges, options, progress);
            AtomicFiles.replaceAtomically(dir.resolve(BackupFormat.MANIFEST),
                    Json.write(manifest.toJson()).getBytes(StandardCharsets.UTF_8));
            done = true;
            return new Result(dir.getFileName().toString(), dir, manifest,
                    Duration.between(started, clock.instant()));
        } catch (IOException e) {
            throw new CairnException(ErrorCode.IO_ERROR, "cannot write backup " + dir + ": " + e.getMessage(), e);
        } finally {
            inProgress.release(true);
            if (!done) {
                BackupCatalog.deleteQuietly(dir);
            }
        }
    }

    private static Path newBackupDirectory(Path root, Instant started) {
        try {
            Files.createDirectories(root);
            String base = BackupFormat.NAME_PREFIX + NAME_TIME.format(started);
            for (int i = 0; ; i++) {
                Path dir = root.resolve(i == 0 ? base : base + "-" + i);
                try {
                    Files.createDirectory(dir);
                    AtomicFiles.forceDirectory(root);
                    return dir;
                } catch (FileAlreadyExistsException e) {
                    // Another backup started in the same millisecond: take the next name.
                }
            }
        } catch (IOException e) {
            throw new CairnException(ErrorCode.IO_ERROR, "cannot create a backup directory in " + root + ": "
                    + e.getMessage(), e);
        }
    }

    private static Manifest write(Database db, Path dir, List<Range> ranges, Options options, Progress progress)
            throws IOException {
        ExecutorService writers = Executors.newFixedThreadPool(options.threads(), r -> {
            Thread t = new Thread(r, "cairn-backup-writer");
            t.setDaemon(true);
            return t;
        });
        Semaphore inFlight = new Semaphore(options.threads() + 1);
        List<Pending> pending = new ArrayList<>();
        try (Database.LongSnapshot snap = SnapshotSource.open(db)) {
            Instant snapshotTime = options.clock().instant();
            progress.begin("backup", estimate(snap, ranges));
            for (int ri = 0; ri < ranges.size(); ri++) {
                ChunkBuilder chunk = new ChunkBuilder(options.chunkBytes() + (options.chunkBytes() >> 3));
                try (KeyValueIterator it = snap.iterate(ranges.get(ri))) {
                    while (it.hasNext()) {
                        KeyValue kv = it.next();
                        chunk.add(kv.key(), kv.value());
                        if (chunk.rawBytes() >= options.chunkBytes()) {
                            pending.add(submit(dir, chunk, pending.size(), ri, writers, inFlight, options, progress));
                            chunk = new ChunkBuilder(options.chunkBytes() + (options.chunkBytes() >> 3));
                        }
                    }
                }
                if (chunk.keys() > 0) {
                    pending.add(submit(dir, chunk, pending.size(), ri, writers, inFlight, options, progress));
                }
            }
            List<ChunkInfo> chunks = collect(pending, ranges);
            AtomicFiles.forceDirectory(dir.resolve(BackupFormat.CHUNKS));
            progress.end();
            long keys = 0;
            long raw = 0;
            long stored = 0;
            for (ChunkInfo c : chunks) {
                keys += c.keys();
                raw += c.rawBytes();
                stored += c.storedBytes();
            }
            return new Manifest(BackupFormat.VERSION, snap.databaseId(), snap.version(), snapshotTime,
                    options.clock().instant(), ranges, keys, raw, stored, chunks);
        } finally {
            writers.shutdownNow();
            try {
                writers.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static long estimate(Database.LongSnapshot snap, List<Range> ranges) {
        long total = 0;
        for (Range r : ranges) {
            long e = snap.estimateBytes(r);
            // Zero is what some backends estimate for data still in memory: as good as unknown.
            if (e <= 0) {
                return -1;
            }
            total += e;
        }
        return total;
    }

    private static Pending submit(Path dir, ChunkBuilder chunk, int index, int rangeIndex, ExecutorService writers,
            Semaphore inFlight, Options options, Progress progress) {
        if (options.cancelled().getAsBoolean()) {
            throw new CairnException(ErrorCode.TRANSACTION_CANCELLED, "backup cancelled");
        }
        try {
            inFlight.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CairnException(ErrorCode.TRANSACTION_CANCELLED, "backup interrupted", e);
        }
        Path file = dir.resolve(BackupFormat.chunkFile(index));
        Future<Written> f = writers.submit(() -> {
            try {
                ChunkBuilder.Sealed s = chunk.seal(options.compressionLevel());
                AtomicFiles.writeDurably(file, s.bytes(), s.length());
                progress.advance(chunk.rawBytes());
                return new Written(s.length(), s.crc32c());
            } finally {
                inFlight.release();
            }
        });
        return new Pending(index, rangeIndex, chunk.firstKey(), chunk.keys(), chunk.rawBytes(), f);
    }

    private static List<ChunkInfo> collect(List<Pending> pending, List<Range> ranges) {
        List<ChunkInfo> out = new ArrayList<>(pending.size());
        for (int i = 0; i < pending.size(); i++) {
            Pending p = pending.get(i);
            Written s;
            try {
                s = p.written().get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CairnException(ErrorCode.TRANSACTION_CANCELLED, "backup interrupted", e);
            } catch (ExecutionException e) {
                Throwable c = e.getCause();
                if (c instanceof CairnException ce) {
                    throw ce;
                }
                throw new CairnException(ErrorCode.IO_ERROR, "cannot write chunk " + BackupFormat.chunkFile(p.index())
                        + ": " + c, c);
            }
            Range backed = ranges.get(p.rangeIndex());
            boolean firstOfRange = i == 0 || pending.get(i - 1).rangeIndex() != p.rangeIndex();
            boolean lastOfRange = i == pending.size() - 1 || pending.get(i + 1).rangeIndex() != p.rangeIndex();
            byte[] begin = firstOfRange ? backed.begin() : p.firstKey();
            byte[] end = lastOfRange ? backed.end() : pending.get(i + 1).firstKey();
            out.add(new ChunkInfo(BackupFormat.chunkFile(p.index()), new Range(begin, end), p.keys(), p.rawBytes(),
                    s.length(), s.crc32c()));
        }
        return out;
    }
}
