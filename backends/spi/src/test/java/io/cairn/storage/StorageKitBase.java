package io.cairn.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
/**
 * The set-up and helpers of the storage conformance kit: an engine of the backend under test,
 * opened on a fresh directory before each test and closed and destroyed after it. Backends
 * extend {@link StorageEngineConformanceTest}, not this class.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
public abstract class StorageKitBase {
    /** The provider under test. */
    protected abstract StorageEngineProvider provider();

    /** Whether the backend keeps its data across close and reopen of the same directory. */
    protected abstract boolean durable();

    /** Options passed to {@link StorageEngineProvider#open}; none by default. */
    protected Map<String, String> options() {
        return Map.of();
    }

    /** A fresh directory for each test. */
    @TempDir
    protected Path tempDir;

    /** The engine under test, opened before each test on {@code tempDir/db}. */
    protected StorageEngine engine;

    /** The directory the engine under test lives in: {@code tempDir/db}. */
    protected Path dbDir;

    @BeforeEach
    void openEngine() {
        dbDir = tempDir.resolve("db");
        engine = provider().open(dbDir, options());
    }

    @AfterEach
    void closeEngine() {
        if (engine != null) {
            engine.close();
        }
        provider().destroy(dbDir);
    }

    /** Closes and reopens the engine on the same directory. */
    protected void reopen() {
        engine.close();
        engine = provider().open(dbDir, options());
    }

    // ---------------------------------------------------------------- helpers

    protected static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    protected static byte[] bytes(int... values) {
        byte[] r = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            r[i] = (byte) values[i];
        }
        return r;
    }

    protected void put(byte[] key, byte[] value) {
        engine.write(new WriteBatch().put(key, value), false);
    }

    protected static List<StorageEntry> scan(StorageReader reader, byte[] begin, byte[] end, boolean reverse) {
        List<StorageEntry> out = new ArrayList<>();
        try (StorageIterator it = reader.iterator(begin, end, reverse)) {
            while (it.hasNext()) {
                out.add(it.next());
            }
        }
        return out;
    }

    protected static List<String> keys(List<StorageEntry> entries) {
        List<String> out = new ArrayList<>();
        for (StorageEntry e : entries) {
            out.add(hex(e.key()));
        }
        return out;
    }

    protected static String hex(byte[] bytes) {
        return java.util.HexFormat.of().formatHex(bytes);
    }

    protected static List<String> modelKeys(TreeMap<byte[], byte[]> model, byte[] begin, byte[] end, boolean reverse) {
        var range = end == null ? model.tailMap(begin, true)
                : Arrays.compareUnsigned(begin, end) >= 0 ? new TreeMap<byte[], byte[]>()
                : model.subMap(begin, true, end, false);
        List<String> out = new ArrayList<>();
        for (byte[] k : (reverse ? range.descendingMap() : range).keySet()) {
            out.add(hex(k));
        }
        return out;
    }

    protected static TreeMap<byte[], byte[]> newModel() {
        return new TreeMap<>(Arrays::compareUnsigned);
    }

    protected static void assertScanMatchesModel(StorageReader reader, TreeMap<byte[], byte[]> model,
                                               byte[] begin, byte[] end) {
        for (boolean reverse : new boolean[] {false, true}) {
            List<StorageEntry> got = scan(reader, begin, end, reverse);
            assertEquals(modelKeys(model, begin, end, reverse), keys(got),
                    "keys of [" + hex(begin) + ", " + (end == null ? "end" : hex(end)) + ") reverse=" + reverse);
            for (StorageEntry e : got) {
                assertArrayEquals(model.get(e.key()), e.value(), "value of " + hex(e.key()));
            }
        }
    }

}
