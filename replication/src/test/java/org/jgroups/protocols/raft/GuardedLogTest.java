package org.jgroups.protocols.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jgroups.Address;
import org.jgroups.JChannel;
import org.jgroups.protocols.SHARED_LOOPBACK;
import org.jgroups.protocols.SHARED_LOOPBACK_PING;
import org.jgroups.protocols.UNICAST3;
import org.jgroups.protocols.pbcast.GMS;
import org.jgroups.protocols.pbcast.NAKACK2;
import org.jgroups.protocols.pbcast.STABLE;
import org.jgroups.raft.RaftHandle;
import org.jgroups.raft.StateMachine;
import org.jgroups.util.ExtendedUUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The threads that deliver vote requests, the voting thread and RAFT's own thread write the term
 * and vote at once (robustness runs saw {@code BufferOverflowException} and "must prepare the IO
 * buffer first!" from jgroups-raft's file log). With the log guarded, no write fails and what is
 * on disk at the end is exactly the term and vote the member holds.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class GuardedLogTest {
    @TempDir
    Path dir;

    private JChannel channel;

    @AfterEach
    void close() {
        if (channel != null) {
            channel.close();
        }
    }

    private static final class Nothing implements StateMachine {
        @Override
        public byte[] apply(byte[] data, int offset, int length, boolean serialize) {
            return null;
        }

        @Override
        public void readContentFrom(java.io.DataInput in) {
        }

        @Override
        public void writeContentTo(java.io.DataOutput out) {
        }
    }

    @Test
    void concurrentTermAndVoteWritesNeverFailAndLeaveTheLatestPairOnDisk() throws Exception {
        RAFT raft = new CairnRaft().members(List.of("a", "b", "c")).raftId("a").logDir(dir.toString())
                .logPrefix("guarded").logUseFsync(true).resendInterval(600_000);
        channel = new JChannel(new SHARED_LOOPBACK(), new SHARED_LOOPBACK_PING(), new NAKACK2(), new UNICAST3(),
                new STABLE(), new GMS().setJoinTimeout(100), raft);
        new RaftHandle(channel, new Nothing());
        channel.connect("guarded-log-" + System.nanoTime());
        assertInstanceOf(GuardedLog.class, raft.log());

        List<Address> candidates = List.of(ExtendedUUID.randomUUID("b"), ExtendedUUID.randomUUID("c"),
                ExtendedUUID.randomUUID("a"));
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        AtomicLong votes = new AtomicLong();
        int threads = 6;
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        CountDownLatch done = new CountDownLatch(threads);
        List<Thread> all = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int which = t;
            Thread thread = new Thread(() -> {
                try {
                    java.util.Random random = new java.util.Random(which);
                    while (System.nanoTime() < end) {
                        if (which % 2 == 0) {
                            raft.currentTerm(raft.currentTerm() + 1); // as a vote request or a voting round
                        } else {
                            try {
                                raft.votedFor(candidates.get(random.nextInt(candidates.size())));
                                votes.incrementAndGet();
                            } catch (IllegalStateException alreadyVoted) {
                                if (!String.valueOf(alreadyVoted.getMessage()).startsWith("Changing vote")) {
                                    throw alreadyVoted;
                                }
                            }
                        }
                    }
                } catch (Throwable e) {
                    failures.add(e);
                } finally {
                    done.countDown();
                }
            });
            all.add(thread);
            thread.start();
        }
        assertTrue(done.await(60, TimeUnit.SECONDS), "the writers did not finish");
        assertTrue(failures.isEmpty(), "writes failed: " + failures);
        assertTrue(votes.get() > 0 && raft.currentTerm() > 10, "too little was written to show anything");

        long term = raft.currentTerm();
        Address vote = raft.votedFor();
        channel.close();
        channel = null;

        FileBasedLog reopened = new FileBasedLog();
        reopened.init(dir.resolve("guarded.log").toString(), new HashMap<>());
        try {
            assertEquals(term, reopened.currentTerm(), "the term on disk");
            assertEquals(vote, reopened.votedFor(), "the vote on disk");
        } finally {
            reopened.close();
        }
    }
}
