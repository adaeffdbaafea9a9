package io.cairn.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.nio.file.Path;
import org.jgroups.protocols.raft.FileBasedLog;
import org.jgroups.protocols.raft.LogEntries;
import org.jgroups.protocols.raft.LogEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A member that crashed while installing a leader's snapshot replays the entries of its older log
 * that the snapshot covers; it skips exactly the WRITE entries among them. Regression test: the
 * count included the no-op entries that confirm leadership, which are not skipped, so live entries
 * after the snapshot were skipped in their place.
 */
class StaleEntriesTest {
    @TempDir
    Path dir;

    @Test
    void onlyWriteEntriesCountAmongTheEntriesASnapshotCovers() throws Exception {
        FileBasedLog log = new FileBasedLog(); // the log RAFT keeps for every group
        log.init(dir.toString(), Map.of());
        try {
            log.append(1, LogEntries.create(
                    new LogEntry(1, new byte[] {RaftGroup.NOOP}),
                    new LogEntry(1, new byte[] {RaftGroup.WRITE, 7}),
                    new LogEntry(1, new byte[] {RaftGroup.NOOP}),
                    new LogEntry(2, new byte[] {RaftGroup.WRITE, 8}),
                    new LogEntry(2, new byte[] {RaftGroup.NOOP}),
                    new LogEntry(2, new byte[] {RaftGroup.WRITE, 9})));
            assertEquals(2, RaftGroup.Adapter.writesIn(log, 1, 4), "entries 2 and 4 carry writes");
            assertEquals(3, RaftGroup.Adapter.writesIn(log, 1, 6));
            assertEquals(0, RaftGroup.Adapter.writesIn(log, 5, 5));
            assertEquals(0, RaftGroup.Adapter.writesIn(log, 4, 3), "an empty range");
        } finally {
            log.close();
        }
    }
}
