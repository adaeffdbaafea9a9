package io.cairn.storage.leveldb;

import io.cairn.storage.DirectoryLock;
import io.cairn.storage.StorageEngine;
import io.cairn.storage.StorageEngineProvider;
import io.cairn.storage.StorageException;
import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.iq80.leveldb.CompressionType;
import org.iq80.leveldb.DB;
import org.iq80.leveldb.Options;
import org.iq80.leveldb.impl.Iq80DBFactory;

/**
 * The provider of the {@code leveldb} backend, on the LevelDB Java port. Thread-safe.
 *
 * <p>Options (all optional): {@code cache_size} (bytes of block cache), {@code write_buffer_size}
 * (bytes of memtable before a flush), {@code block_size} (bytes), {@code max_open_files},
 * {@code verify_checksums} and {@code paranoid_checks} ({@code true}/{@code false}).
 */
public final class LevelDbStorageProvider implements StorageEngineProvider {
    /** The name users pass as {@code --backend}. */
    public static final String NAME = "leveldb";

    private static final Set<String> OPTIONS = Set.of("cache_size", "write_buffer_size", "block_size",
            "max_open_files", "verify_checksums", "paranoid_checks");

    /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
    public LevelDbStorageProvider() {}

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "LevelDB (pure-Java port): durable log-structured merge tree on local disk";
    }

    /**
     * Locks {@code directory} and opens (creating if needed) the database in it; blocks while
     * LevelDB replays its log.
     *
     * @throws StorageException {@code INVALID} for an unknown or malformed option, {@code IO}
     *     naming the path when it is a file or cannot be read, {@code LOCKED} naming the holder
     *     when another engine or process has it open, {@code CORRUPT} when the files cannot be read
     */
    @Override
    public StorageEngine open(Path directory, Map<String, String> options) {
        Options leveldbOptions = parse(options == null ? Map.of() : options);
        DirectoryLock lock = DirectoryLock.acquire(directory);
        Path dir = lock.directory();
        try {
            DB db = Iq80DBFactory.factory.open(dir.toFile(), leveldbOptions);
            return new LevelDbEngine(dir, db, lock);
        } catch (IOException | RuntimeException e) {
            lock.close();
            String message = String.valueOf(e.getMessage());
            StorageException.Kind kind = message.toLowerCase(java.util.Locale.ROOT).contains("corrupt")
                    ? StorageException.Kind.CORRUPT : StorageException.Kind.IO;
            throw new StorageException(kind, "cannot open leveldb in " + dir + ": " + e, e);
        }
    }

    static Options parse(Map<String, String> options) {
        Set<String> unknown = new TreeSet<>(options.keySet());
        unknown.removeAll(OPTIONS);
        if (!unknown.isEmpty()) {
            throw new StorageException(StorageException.Kind.INVALID, "unknown option(s) for the leveldb backend: "
                    + unknown + "; known options: " + new TreeSet<>(OPTIONS));
        }
        Options o = new Options().createIfMissing(true).compressionType(CompressionType.NONE);
        for (Map.Entry<String, String> e : options.entrySet()) {
            String v = e.getValue();
            switch (e.getKey()) {
                case "cache_size" -> o.cacheSize(positive(e.getKey(), v, Long.MAX_VALUE));
                case "write_buffer_size" -> o.writeBufferSize((int) positive(e.getKey(), v, Integer.MAX_VALUE));
                case "block_size" -> o.blockSize((int) positive(e.getKey(), v, Integer.MAX_VALUE));
                case "max_open_files" -> o.maxOpenFiles((int) positive(e.getKey(), v, Integer.MAX_VALUE));
                case "verify_checksums" -> o.verifyChecksums(bool(e.getKey(), v));
                case "paranoid_checks" -> o.paranoidChecks(bool(e.getKey(), v));
                default -> throw new IllegalStateException("option list out of step: " + e.getKey());
            }
        }
        return o;
    }

    private static long positive(String name, String value, long max) {
        try {
            long n = Long.parseLong(value == null ? "" : value.trim());
            if (n > 0 && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // Reported below with the accepted range.
        }
        throw new StorageException(StorageException.Kind.INVALID,
                "leveldb option " + name + " must be a whole number from 1 to " + max + ", not '" + value + "'");
    }

    private static boolean bool(String name, String value) {
        if ("true".equals(value) || "false".equals(value)) {
            return Boolean.parseBoolean(value);
        }
        throw new StorageException(StorageException.Kind.INVALID,
                "leveldb option " + name + " must be true or false, not '" + value + "'");
    }

    /**
     * Deletes the database in {@code directory} and the directory itself when nothing else is
     * left in it; does nothing when it does not exist.
     *
     * @throws StorageException {@code LOCKED} while an engine has it open, {@code IO} when files
     *     cannot be deleted
     */
    @Override
    public void destroy(Path directory) {
        if (directory == null || !Files.exists(directory)) {
            return;
        }
        try (DirectoryLock lock = DirectoryLock.acquire(directory)) {
            Iq80DBFactory.factory.destroy(lock.directory().toFile(), new Options());
        } catch (IOException | RuntimeException e) {
            if (e instanceof StorageException se) {
                throw se;
            }
            throw new StorageException(StorageException.Kind.IO, "cannot destroy leveldb in " + directory + ": " + e, e);
        }
        try {
            Files.deleteIfExists(directory.resolve(DirectoryLock.FILE_NAME));
            Files.deleteIfExists(directory);
        } catch (DirectoryNotEmptyException e) {
            // Files that are not LevelDB's stay, and so does the directory holding them.
        } catch (IOException e) {
            throw new StorageException(StorageException.Kind.IO, "cannot remove " + directory + ": " + e, e);
        }
    }
}
