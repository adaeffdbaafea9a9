package io.cairn.core;

import static io.cairn.core.TestDatabases.b;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.api.CairnException;
import io.cairn.api.ErrorCode;
import io.cairn.api.Range;
import io.cairn.api.txn.CommitRequest;
import io.cairn.api.txn.Mutation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class ErrorCasesTest {
    @TempDir
    Path dir;

    @Test
    void commitRetriedWithTheSameTransactionIdIsAppliedAtMostOnce() {
        try (EmbeddedDatabase db = TestDatabases.memory(dir)) {
            Engine engine = db.engine();
            byte[] id = b("retry-after-1021");
            CommitRequest add = new CommitRequest(engine.readVersion(), List.of(), List.of(Range.single(b("n"))),
                    List.of(new Mutation(Mutation.Kind.ADD, b("n"), new byte[] {1})), id);
            long first = engine.commit(add);
            CommitRequest again = new CommitRequest(engine.readVersion(), add.readConflicts(), add.writeConflicts(),
                    add.mutations(), id);
            assertEquals(first, engine.commit(again));
            assertArrayEquals(new byte[] {1}, db.read(tx -> tx.get(b("n"))));
            CommitRequest other = new CommitRequest(engine.readVersion(), List.of(), add.writeConflicts(),
                    add.mutations(), b("another-id"));
            assertTrue(engine.commit(other) > first);
            assertArrayEquals(new byte[] {2}, db.read(tx -> tx.get(b("n"))));
        }
    }

    @Test
    void engineRejectsIllegalMutationsFromAnyClient() {
        try (EmbeddedDatabase db = TestDatabases.memory(dir)) {
            CommitRequest bad = new CommitRequest(db.engine().readVersion(), List.of(), List.of(),
                    List.of(new Mutation(Mutation.Kind.SET, new byte[] {(byte) 0xFF, 'x'}, b("v"))), null);
            CairnException e = assertThrows(CairnException.class, () -> db.engine().commit(bad));
            assertEquals(ErrorCode.KEY_OUTSIDE_LEGAL_RANGE, e.error());
        }
    }

    @Test
    void readsAtVersionsNotYetCommittedAreRefused() {
        try (EmbeddedDatabase db = TestDatabases.memory(dir)) {
            long future = db.engine().readVersion() + 1;
            assertEquals(ErrorCode.INVALID_ARGUMENT,
                    assertThrows(CairnException.class, () -> db.engine().get(b("k"), future)).error());
            assertEquals(ErrorCode.INVALID_ARGUMENT, assertThrows(CairnException.class,
                    () -> db.engine().getRange(b("a"), b("b"), 10, false, future)).error());
        }
    }

    @Test
    void directoryThatIsAFileFailsWithIoErrorNamingIt() throws Exception {
        Path file = dir.resolve("not-a-directory");
        Files.writeString(file, "x");
        CairnException e = assertThrows(CairnException.class, () -> TestDatabases.memory(file));
        assertEquals(ErrorCode.IO_ERROR, e.error());
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    }

    @Test
    void invalidConfigurationValuesAreRejectedWithClearMessages() {
        DatabaseConfig.Builder b = DatabaseConfig.builder(dir);
        assertEquals(ErrorCode.INVALID_ARGUMENT,
                assertThrows(CairnException.class, () -> b.mvccWindow(java.time.Duration.ZERO)).error());
        assertEquals(ErrorCode.INVALID_ARGUMENT, assertThrows(CairnException.class, () -> b.mvccMemoryBytes(10)).error());
        assertEquals(ErrorCode.INVALID_ARGUMENT, assertThrows(CairnException.class, () -> b.backend(" ")).error());
        assertEquals(ErrorCode.INVALID_ARGUMENT,
                assertThrows(CairnException.class, () -> DatabaseConfig.builder(null)).error());
        DatabaseConfig c = b.backendOption("k", "v").build();
        assertEquals("leveldb", c.backend());
        assertEquals(java.util.Map.of("k", "v"), c.backendOptions());
        assertEquals(java.time.Duration.ofSeconds(5), c.mvccWindow());
        assertTrue(c.sync());
    }

    @Test
    void unknownBackendOptionFailsTheOpenAndReleasesTheDirectory() {
        CairnException e = assertThrows(CairnException.class, () -> EmbeddedDatabase.open(
                DatabaseConfig.builder(dir).backend("memory").backendOption("nosuch", "1").build()));
        assertEquals(ErrorCode.INVALID_ARGUMENT, e.error());
        assertTrue(e.getMessage().contains("nosuch"), e.getMessage());
        TestDatabases.memory(dir).close();
    }
}
