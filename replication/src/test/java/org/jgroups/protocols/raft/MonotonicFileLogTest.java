package org.jgroups.protocols.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * jgroups-raft's file log writes the term of the entries it appends, removes or installs over
 * Raft's current term; a member restarted after that started at an older term (and could vote
 * twice in a term). The current term must survive all three, and restarts.
 */
class MonotonicFileLogTest {
    @TempDir
    Path dir;

    private String name() {
        return dir.resolve("m.log").toString();
    }

    private MonotonicFileLog open() throws Exception {
        MonotonicFileLog log = new MonotonicFileLog();
        log.init(name(), new HashMap<>());
        return log;
    }

    private static LogEntries entries(long term, String... commands) {
        LogEntries e = new LogEntries();
        for (String c : commands) {
            e.add(new LogEntry(term, c.getBytes(StandardCharsets.UTF_8)));
        }
        return e;
    }

    @Test
    void theCurrentTermSurvivesAppendsRemovalsAndSnapshotsOfEarlierTerms() throws Exception {
        MonotonicFileLog log = open();
        log.currentTerm(10);
        log.append(1, entries(5, "a", "b", "c"));
        assertEquals(10, log.currentTerm(), "after appending entries of term 5");
        log.close();
        log = open();
        assertEquals(10, log.currentTerm(), "after a restart");
        assertEquals(3, log.lastAppended());

        log.deleteAllEntriesStartingFrom(2);
        assertEquals(10, log.currentTerm(), "after removing entries");
        log.reinitializeTo(7, new LogEntry(3, "snapshot".getBytes(StandardCharsets.UTF_8)));
        assertEquals(10, log.currentTerm(), "after installing a snapshot of term 3");
        log.close();
        log = open();
        assertEquals(10, log.currentTerm(), "after another restart");
        log.currentTerm(9);
        assertEquals(10, log.currentTerm(), "an earlier term changes nothing");
        log.currentTerm(12);
        log.close();
        log = open();
        assertEquals(12, log.currentTerm());
        log.close();
    }

    @Test
    void aLogWrittenBeforeTheTermFileExistedKeepsItsTerm() throws Exception {
        FileBasedLog plain = new FileBasedLog();
        plain.init(name(), new HashMap<>());
        plain.currentTerm(7);
        plain.close();

        MonotonicFileLog log = open();
        assertEquals(7, log.currentTerm());
        log.append(1, entries(2, "x"));
        log.close();
        log = open();
        assertEquals(7, log.currentTerm(), "appending an entry of term 2 moved the term back");
        log.close();
    }

    @Test
    void aDamagedTermFileStopsTheStartInsteadOfGuessingTheTerm() throws Exception {
        MonotonicFileLog log = open();
        log.currentTerm(4);
        log.close();
        Path file = Path.of(name(), MonotonicFileLog.TERM_FILE);
        byte[] bytes = Files.readAllBytes(file);
        bytes[3] ^= 1;
        Files.write(file, bytes);
        IOException e = assertThrows(IOException.class, this::open);
        assertTrue(e.getMessage().contains("damaged"), e.getMessage());
    }
}
