package io.cairn.storage.leveldb;

import io.cairn.storage.StorageEngine;
import io.cairn.storage.WriteBatch;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;

/**
 * The child process of {@link LevelDbCrashTest}: {@code CrashWriter DIR FIRST SEED} opens the
 * leveldb engine in DIR, prints {@code READY}, then writes synced batches numbered from FIRST
 * and prints {@code ACK n} after each {@code write} returns, until it is killed.
 *
 * <p>Batch n writes {@code batch/n} = its item count k (1..20), items {@code item/n/0..k-1},
 * and replaces the whole {@code scratch/} range with k keys of its own by a range delete, so
 * that a torn batch shows as a wrong count, a missing item, or a mixed scratch range.
 */
public final class CrashWriter {
    private CrashWriter() {}

    /** Runs the writer; see the class comment for arguments. */
    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        long first = Long.parseLong(args[1]);
        Random rnd = new Random(Long.parseLong(args[2]));
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        StorageEngine engine = new LevelDbStorageProvider().open(dir, Map.of());
        out.println("READY");
        for (long n = first; ; n++) {
            engine.write(batch(n, 1 + rnd.nextInt(20)), true);
            out.println("ACK " + n);
        }
    }

    static WriteBatch batch(long n, int k) {
        WriteBatch b = new WriteBatch();
        b.put(key("batch/%012d", n), Integer.toString(k).getBytes(StandardCharsets.UTF_8));
        b.deleteRange(key("scratch/"), key("scratch0"));
        for (int j = 0; j < k; j++) {
            byte[] value = ("n" + n).repeat(1 + j * 10).getBytes(StandardCharsets.UTF_8);
            b.put(key("item/%012d/%03d", n, j), value);
            b.put(key("scratch/%03d", j), value);
        }
        return b;
    }

    static byte[] key(String format, Object... args) {
        return String.format(format, args).getBytes(StandardCharsets.UTF_8);
    }
}
