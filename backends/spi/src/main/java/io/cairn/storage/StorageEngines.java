package io.cairn.storage;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/** Finds {@link StorageEngineProvider}s on the class path with {@link ServiceLoader}. */
public final class StorageEngines {
    private StorageEngines() {}

    /** Every provider found, sorted by name. */
    public static List<StorageEngineProvider> available() {
        List<StorageEngineProvider> all = new ArrayList<>();
        ServiceLoader.load(StorageEngineProvider.class, StorageEngines.class.getClassLoader()).forEach(all::add);
        // A lambda of this class rather than Comparator.comparing, whose inner lambda the class-data
        // archive does not hold: a one-shot command would generate it at run time.
        all.sort((a, b) -> a.name().compareTo(b.name()));
        return all;
    }

    /**
     * The provider called {@code name}.
     *
     * @throws StorageException {@link StorageException.Kind#INVALID} naming the known backends
     *     when there is none by that name
     */
    public static StorageEngineProvider provider(String name) {
        List<StorageEngineProvider> all = available();
        for (StorageEngineProvider p : all) {
            if (p.name().equals(name)) {
                return p;
            }
        }
        String known = all.stream().map(StorageEngineProvider::name).collect(Collectors.joining(", "));
        throw new StorageException(StorageException.Kind.INVALID,
                "unknown storage backend '" + name + "'; known backends: " + (known.isEmpty() ? "none" : known));
    }
}
