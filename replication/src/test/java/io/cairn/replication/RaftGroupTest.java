package io.cairn.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.cairn.api.CairnException;
import io.cairn.api.ErrorCode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RaftGroupTest {
    private static final List<String> NAMES = List.of("a", "b", "c");

    @TempDir
    Path dir;

    private final List<RaftGroup> groups = new ArrayList<>(List.of());
    private final List<ListStateMachine> machines = new ArrayList<>();
    private List<InetSocketAddress> hosts;

    @AfterEach
    void closeAll() {
        groups.forEach(g -> {
            if (g != null) {
                g.close();
            }
        });
    }

    static int freePort() throws IOException {
        return io.cairn.client.FreePorts.next();
    }

    private RaftGroup startMember(int i, ListStateMachine sm) throws Exception {
        RaftGroupConfig cfg = new RaftGroupConfig("g", NAMES.get(i), hosts.get(i), hosts, NAMES,
                dir.resolve(NAMES.get(i)), true, RaftGroupConfig.DEFAULT_MAX_LOG_BYTES);
        return RaftGroup.start(cfg, sm);
    }

    private void startAll() throws Exception {
        hosts = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            hosts.add(new InetSocketAddress(InetAddress.getLoopbackAddress(), freePort()));
        }
        for (int i = 0; i < 3; i++) {
            ListStateMachine sm = new ListStateMachine();
            machines.add(sm);
            groups.add(startMember(i, sm));
        }
    }

    private RaftGroup awaitLeader(long timeoutMillis) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (System.nanoTime() < end) {
            for (RaftGroup g : groups) {
                if (g != null && g.isLeader()) {
                    return g;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no leader within " + timeoutMillis + " ms");
    }

    private int proposed;

    /** An entry numbered in proposal order, as the engine numbers records by version. */
    private byte[] bytes(String s) {
        return (++proposed + ":" + s).getBytes(StandardCharsets.UTF_8);
    }

    private void awaitApplied(ListStateMachine sm, int count) throws InterruptedException {
        for (int i = 0; i < 500 && sm.snapshot().size() < count; i++) {
            Thread.sleep(20);
        }
        assertEquals(count, sm.snapshot().size());
    }

    @Test
    void entriesAreAppliedInTheSameOrderOnEveryMember() throws Exception {
        startAll();
        RaftGroup leader = awaitLeader(10_000);
        List<CompletableFuture<byte[]>> futures = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            futures.add(leader.propose(bytes("e" + i))); // pipelined, not one at a time
        }
        for (int i = 0; i < futures.size(); i++) {
            assertEquals(Integer.toString(i + 1), new String(futures.get(i).get(10, TimeUnit.SECONDS), StandardCharsets.UTF_8));
        }
        for (ListStateMachine sm : machines) {
            awaitApplied(sm, 300);
            assertEquals(machines.get(0).snapshot(), sm.snapshot());
        }
    }

    @Test
    void queriesAreAnsweredOnlyByTheLeader() throws Exception {
        startAll();
        RaftGroup leader = awaitLeader(10_000);
        leader.propose(bytes("x")).get(10, TimeUnit.SECONDS);
        assertEquals("x", new String(leader.query(new byte[0]).get(10, TimeUnit.SECONDS), StandardCharsets.UTF_8));
        RaftGroup follower = groups.stream().filter(g -> !g.isLeader()).findFirst().orElseThrow();
        ExecutionException e = assertThrows(ExecutionException.class, () -> follower.query(new byte[0]).get(10, TimeUnit.SECONDS));
        assertEquals(ErrorCode.WRONG_LEADER, ((CairnException) e.getCause()).error());
        CairnException p = assertThrows(CairnException.class, () -> {
            try {
                follower.propose(bytes("y")).get(10, TimeUnit.SECONDS);
            } catch (ExecutionException ex) {
                throw ex.getCause();
            }
        });
        assertEquals(ErrorCode.WRONG_LEADER, p.error());
    }

    @Test
    void aNewLeaderTakesOverWhenTheLeaderLeaves() throws Exception {
        startAll();
        RaftGroup leader = awaitLeader(10_000);
        leader.propose(bytes("before")).get(10, TimeUnit.SECONDS);
        int idx = groups.indexOf(leader);
        leader.close();
        groups.set(idx, null);
        RaftGroup next = awaitLeader(10_000);
        assertNotNull(next);
        next.propose(bytes("after")).get(10, TimeUnit.SECONDS);
        for (int i = 0; i < 3; i++) {
            if (i != idx) {
                awaitApplied(machines.get(i), 2);
                assertEquals(List.of("before", "after"), machines.get(i).snapshot());
            }
        }
    }

    @Test
    void restartedMemberSkipsWhatItsStorageHoldsAndAppliesTheRest() throws Exception {
        startAll();
        RaftGroup leader = awaitLeader(10_000);
        for (int i = 0; i < 10; i++) {
            leader.propose(bytes("e" + i)).get(10, TimeUnit.SECONDS);
        }
        int victim = (groups.indexOf(leader) + 1) % 3;
        awaitApplied(machines.get(victim), 10);
        groups.get(victim).close();
        for (int i = 10; i < 20; i++) {
            leader.propose(bytes("e" + i)).get(10, TimeUnit.SECONDS);
        }
        // The member restarts with storage durable up to entry 6: 7..10 were lost with its memory.
        ListStateMachine restarted = new ListStateMachine();
        restarted.lastSeq = 6;
        groups.set(victim, startMember(victim, restarted));
        awaitApplied(restarted, 14);
        List<String> expected = new ArrayList<>();
        for (int i = 6; i < 20; i++) {
            expected.add("e" + i);
        }
        assertEquals(expected, restarted.snapshot());
    }
}
