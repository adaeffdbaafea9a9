package io.cairn.core;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/** Helpers shared by the engine tests. */
final class TestDatabases {
    private TestDatabases() {}

    /** A memory-backed database in {@code dir} with a generous MVCC window. */
    static EmbeddedDatabase memory(Path dir) {
        return EmbeddedDatabase.open(DatabaseConfig.builder(dir).backend("memory").mvccWindow(Duration.ofSeconds(30))
                .build());
    }

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String s(byte[] b) {
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }
}
