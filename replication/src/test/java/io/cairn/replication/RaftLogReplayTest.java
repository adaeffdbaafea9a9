package io.cairn.replication;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cairn.core.Journal;
import io.cairn.core.Log;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a restarted member hands its state machine when RAFT replays the log.
 *
 * <p>Regression test for the robustness runs (seeds 2 and 21 with kill and pause faults): the
 * journal is forced only when RAFT takes a snapshot, so a member killed between snapshots loses
 * its unforced tail. The member then skipped, as "already journaled", every replayed entry at or
 * below its backend's durable version, its engine never rebuilt the conflict history and
 * transaction ids from them, and it accepted commits the other replicas rejected.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RaftLogReplayTest {
    @TempDir
    Path dir;

    /** Records every record it is handed, with its version; commits everything. */
    private static class Recording implements Log.StateMachine {
        final List<Long> versions = new ArrayList<>();
        final List<String> records = new ArrayList<>();

        @Override
        public synchronized Object apply(long version, byte[] record) {
            versions.add(version);
            records.add(new String(record, StandardCharsets.UTF_8));
            return version;
        }

        synchronized int size() {
            return versions.size();
        }
    }

    /** Fails on the record "boom" while {@code failing} is set. */
    private static final class Failing extends Recording {
        volatile boolean failing = true;

        @Override
        public synchronized Object apply(long version, byte[] record) {
            if (failing && new String(record, StandardCharsets.UTF_8).equals("boom")) {
                throw new io.cairn.api.CairnException(io.cairn.api.ErrorCode.IO_ERROR, "no space left on device");
            }
            return super.apply(version, record);
        }
    }

    @Test
    void aReplicaThatCannotApplyAnEntryStopsApplyingAndAppliesItAfterARestart() throws Exception {
        RaftGroupConfig config = config();
        RaftLog first = log(config);
        java.util.List<RuntimeException> reported = new java.util.concurrent.CopyOnWriteArrayList<>();
        first.onApplyFailure(reported::add);
        Failing before = new Failing();
        first.start(before, 0);
        awaitLeader(first);
        long ok = (Long) first.append("ok".getBytes(StandardCharsets.UTF_8)).get(30, TimeUnit.SECONDS);
        java.util.concurrent.ExecutionException boom = org.junit.jupiter.api.Assertions.assertThrows(
                java.util.concurrent.ExecutionException.class,
                () -> first.append("boom".getBytes(StandardCharsets.UTF_8)).get(30, TimeUnit.SECONDS));
        assertEquals(1, reported.size(), "the failure is reported once: " + boom.getCause());
        java.util.concurrent.ExecutionException refused = org.junit.jupiter.api.Assertions.assertThrows(
                java.util.concurrent.ExecutionException.class,
                () -> first.append("after".getBytes(StandardCharsets.UTF_8)).get(30, TimeUnit.SECONDS));
        assertEquals(io.cairn.api.ErrorCode.UNAVAILABLE, ((io.cairn.api.CairnException) refused.getCause()).error());
        assertEquals(List.of("ok"), before.records, "nothing is applied after the entry that failed");
        first.close();

        RaftLog second = log(config);
        Recording after = new Recording();
        second.start(after, 0);
        awaitLeader(second);
        second.confirmLeadership().get(30, TimeUnit.SECONDS);
        for (int i = 0; i < 500 && after.size() < 2; i++) {
            Thread.sleep(20);
        }
        try {
            assertEquals(List.of("ok", "boom"), after.records, "the restarted replica applies the entry that failed");
            assertEquals(ok, after.versions.get(0));
        } finally {
            second.close();
        }
    }

    private RaftGroupConfig config() throws IOException {
        InetSocketAddress self = new InetSocketAddress(InetAddress.getLoopbackAddress(), io.cairn.client.FreePorts.next());
        return new RaftGroupConfig("replay", "a", self, List.of(self), List.of("a"), dir.resolve("raft"), true,
                RaftGroupConfig.DEFAULT_MAX_LOG_BYTES);
    }

    private RaftLog log(RaftGroupConfig config) {
        return new RaftLog(config, new Journal(dir.resolve("journal"), 1 << 20));
    }

    private static void awaitLeader(RaftLog log) throws InterruptedException {
        for (int i = 0; i < 500 && !log.group().isLeader(); i++) {
            Thread.sleep(20);
        }
        assertEquals(true, log.group().isLeader(), "the single member elects itself");
    }

    @Test
    void entriesTheJournalLostReachTheStateMachineAgainAtTheirVersionsEvenBelowTheDurableVersion() throws Exception {
        RaftGroupConfig config = config();
        RaftLog first = log(config);
        Recording before = new Recording();
        first.start(before, 0);
        awaitLeader(first);
        List<Long> versions = new ArrayList<>();
        for (String r : List.of("w1", "w2", "w3")) {
            versions.add((Long) first.append(r.getBytes(StandardCharsets.UTF_8)).get(30, TimeUnit.SECONDS));
        }
        first.close();
        // The process dies before the next snapshot would have forced the journal: its tail is lost.
        try (Stream<Path> files = Files.list(dir.resolve("journal"))) {
            for (Path p : files.toList()) {
                Files.delete(p);
            }
        }

        RaftLog second = log(config);
        Recording after = new Recording();
        // The backend was durable at the second record's version when the process died.
        second.start(after, versions.get(1));
        awaitLeader(second);
        second.confirmLeadership().get(30, TimeUnit.SECONDS);
        for (int i = 0; i < 500 && after.size() < 3; i++) {
            Thread.sleep(20);
        }
        try {
            assertEquals(versions, after.versions, "every entry reaches the engine again, at its first version: those the"
                    + " backend holds rebuild its conflict history and transaction ids");
            assertArrayEquals(new String[] {"w1", "w2", "w3"}, after.records.toArray(new String[0]));
        } finally {
            second.close();
        }
    }
}
