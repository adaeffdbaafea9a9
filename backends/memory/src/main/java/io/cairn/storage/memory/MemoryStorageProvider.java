package io.cairn.storage.memory;

import io.cairn.storage.StorageEngine;
import io.cairn.storage.StorageEngineProvider;
import io.cairn.storage.StorageException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeSet;

/**
 * The provider of the {@code memory} backend: every {@link #open} returns a new, empty
 * {@link MemoryEngine}; the directory is not touched. Thread-safe.
 */
public final class MemoryStorageProvider implements StorageEngineProvider {
    /** The name users pass as {@code --backend}. */
    public static final String NAME = "memory";

    /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
    public MemoryStorageProvider() {}

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "in-memory multi-version skip list, for tests and scratch use; nothing survives the process";
    }

    /**
     * Returns a new empty engine; {@code directory} is ignored and may be {@code null}.
     *
     * @throws StorageException {@code INVALID} when {@code options} is not empty (this backend has none)
     */
    @Override
    public StorageEngine open(Path directory, Map<String, String> options) {
        if (options != null && !options.isEmpty()) {
            throw new StorageException(StorageException.Kind.INVALID,
                    "unknown option(s) for the memory backend: " + new TreeSet<>(options.keySet())
                            + "; it takes none");
        }
        return new MemoryEngine();
    }

    /** Does nothing: the memory backend keeps no files. */
    @Override
    public void destroy(Path directory) {
        // Nothing is stored on disk.
    }
}
