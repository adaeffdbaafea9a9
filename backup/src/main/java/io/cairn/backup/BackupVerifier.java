package io.cairn.backup;

import io.cairn.api.CairnException;
import io.cairn.api.ErrorCode;
import io.cairn.api.Range;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks a backup without a database: re-reads every chunk and checks its size, checksum,
 * encoding, key order and range, key count and byte count against the manifest, and checks that
 * the chunks tile the backed-up ranges. Thread-safe (stateless); blocks on I/O.
 */
public final class BackupVerifier {
    /**
     * The outcome of a verification.
     *
     * @param manifest the backup's manifest
     * @param chunksChecked how many chunks were read
     * @param keysChecked how many pairs were decoded
     * @param bytesRead how many chunk file bytes were read
     * @param problems one sentence per problem, naming the chunk or field; empty when the backup is sound
     * @param elapsed how long it took
     */
    public record Result(Manifest manifest, int chunksChecked, long keysChecked, long bytesRead, List<String> problems,
            Duration elapsed) {
        /** Whether no problem was found. */
        public boolean ok() {
            return problems.isEmpty();
        }
    }

    private BackupVerifier() {}

    /**
     * Verifies the backup in {@code backupDir}, reporting every damaged chunk rather than stopping
     * at the first.
     *
     * @throws CairnException {@code io_error} (1510) or {@code data_corrupt} (1511) when the
     *     manifest is missing or damaged, since nothing else can be checked then
     */
    public static Result verify(Path backupDir, Progress progress) {
        long start = System.nanoTime();
        Manifest m = Manifest.read(backupDir);
        List<String> problems = new ArrayList<>(tiling(m));
        progress.begin("verify", m.storedBytes());
        long keys = 0;
        long bytes = 0;
        for (ChunkInfo c : m.chunks()) {
            try {
                keys += ChunkReader.read(backupDir, c).size();
                bytes += c.storedBytes();
            } catch (CairnException e) {
                if (e.error() != ErrorCode.DATA_CORRUPT && e.error() != ErrorCode.IO_ERROR) {
                    throw e;
                }
                problems.add(e.getMessage());
                progress.note(e.getMessage());
            }
            progress.advance(c.storedBytes());
        }
        progress.end();
        return new Result(m, m.chunks().size(), keys, bytes, List.copyOf(problems),
                Duration.ofNanos(System.nanoTime() - start));
    }

    /** Problems with how the manifest's chunks cover its ranges. */
    static List<String> tiling(Manifest m) {
        List<String> problems = new ArrayList<>();
        int ci = 0;
        List<ChunkInfo> chunks = m.chunks();
        for (Range r : m.ranges()) {
            byte[] next = r.begin();
            while (ci < chunks.size() && Ranges.within(chunks.get(ci).range(), r)) {
                ChunkInfo c = chunks.get(ci);
                if (!java.util.Arrays.equals(c.range().begin(), next)) {
                    problems.add("manifest: chunk " + c.file() + " begins at " + c.range()
                            + ", leaving a gap after the previous chunk in range " + r);
                }
                next = c.range().end();
                ci++;
            }
            if (next != r.begin() && !java.util.Arrays.equals(next, r.end())) {
                problems.add("manifest: the chunks of range " + r + " end before the range does");
            }
        }
        if (ci < chunks.size()) {
            problems.add("manifest: chunk " + chunks.get(ci).file() + " with range " + chunks.get(ci).range()
                    + " lies outside the backed-up ranges or out of order");
        }
        return problems;
    }
}
