package io.cairn.storage;

import java.nio.file.Path;
import java.util.Map;

/**
 * Creates {@link StorageEngine}s of one kind; registered for {@link java.util.ServiceLoader} in
 * {@code META-INF/services/io.cairn.storage.StorageEngineProvider}.
 */
public interface StorageEngineProvider {
    /** The short name users pass as {@code --backend}, e.g. {@code leveldb}. */
    String name();

    /** One line describing the backend, for {@code cairn backends}. */
    String description();

    /**
     * Opens (creating if needed) the engine stored in {@code directory}.
     *
     * @param options backend-specific settings; unknown ones are an {@link StorageException.Kind#INVALID} error
     * @throws StorageException {@code LOCKED} when another process holds the directory, {@code IO}
     *     when it is a file or cannot be read or created
     */
    StorageEngine open(Path directory, Map<String, String> options);

    /** Deletes every file of the engine stored in {@code directory}; the engine must be closed. */
    void destroy(Path directory);
}
