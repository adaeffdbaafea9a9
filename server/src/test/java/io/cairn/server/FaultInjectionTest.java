package io.cairn.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.api.CairnException;
import io.cairn.api.ErrorCode;
import io.cairn.client.FreePorts;
import io.cairn.client.RemoteDatabase;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The fault-injection admin commands on a one-node cluster in this JVM. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class FaultInjectionTest {
    @TempDir
    Path dir;

    private static final byte[] KEY = "k".getBytes(StandardCharsets.UTF_8);
    private static final io.cairn.api.txn.RetryPolicy ONCE = new io.cairn.api.txn.RetryPolicy(1,
            java.time.Duration.ofSeconds(5), java.time.Duration.ofMillis(1), java.time.Duration.ofMillis(1));

    private Node start(boolean allowFaults) throws Exception {
        NodeConfig.Member self = new NodeConfig.Member("n0", new InetSocketAddress("127.0.0.1", FreePorts.next()),
                new InetSocketAddress("127.0.0.1", FreePorts.block(2)));
        Node node = Node.start(new NodeConfig("n0", dir.resolve(allowFaults ? "on" : "off"), "test", List.of(self),
                "memory", true, allowFaults));
        for (int i = 0; i < 500 && !node.isLeader(); i++) {
            Thread.sleep(20);
        }
        assertTrue(node.isLeader(), "a one-node cluster elects itself");
        return node;
    }

    private static RemoteDatabase client(Node node) {
        return RemoteDatabase.connect(RemoteDatabase.Options.of(List.of(node.clientAddress())));
    }

    private static void put(RemoteDatabase db, String value) {
        db.run(tx -> {
            tx.set(KEY, value.getBytes(StandardCharsets.UTF_8));
            return null;
        });
    }

    @Test
    void aNodeStartedWithoutTheOptInRefusesFaultInjection() throws Exception {
        try (Node node = start(false); RemoteDatabase db = client(node)) {
            for (String command : List.of("fault-cut", "fault-heal", "fault-disk", "fault-status")) {
                CairnException e = assertThrows(CairnException.class,
                        () -> db.adminAt(node.clientAddress(), command, List.of("0")));
                assertEquals(ErrorCode.INVALID_OPERATION, e.error());
                assertTrue(e.getMessage().contains("--allow-fault-injection"), e.getMessage());
            }
            assertFalse(node.status().containsKey("fault_disk_budget"));
            put(db, "v");
        }
    }

    @Test
    void aFullDiskRefusesWritesWithAClearErrorKeepsServingReadsAndWritesAgainOnceFreed() throws Exception {
        try (Node node = start(true); RemoteDatabase db = client(node)) {
            put(db, "acknowledged");
            Map<String, String> full = db.adminAt(node.clientAddress(), "fault-disk", List.of("0"));
            assertEquals("0", full.get("disk_budget"));
            assertEquals("0", node.status().get("fault_disk_budget"));
            CairnException e = assertThrows(CairnException.class, () -> put(db, "refused"));
            assertEquals(ErrorCode.IO_ERROR, e.error());
            assertTrue(e.getMessage().contains("no space left on device"), e.getMessage());
            assertEquals("acknowledged", new String(db.read(tx -> tx.get(KEY)), StandardCharsets.UTF_8));

            db.adminAt(node.clientAddress(), "fault-disk", List.of("unlimited"));
            put(db, "after");
            assertEquals("after", new String(db.read(tx -> tx.get(KEY)), StandardCharsets.UTF_8));
        }
    }

    @Test
    void badFaultCommandsAreRefusedAndChangeNothing() throws Exception {
        try (Node node = start(true); RemoteDatabase db = client(node)) {
            InetSocketAddress at = node.clientAddress();
            for (List<String> args : List.<List<String>>of(List.of("-1"), List.of("lots"), List.of(), List.of("1", "2"))) {
                CairnException e = assertThrows(CairnException.class, () -> db.adminAt(at, "fault-disk", args));
                assertEquals(ErrorCode.INVALID_ARGUMENT, e.error(), args.toString());
            }
            for (List<String> args : List.<List<String>>of(List.of("-5"), List.of("soon"), List.of())) {
                CairnException e = assertThrows(CairnException.class,
                        () -> db.adminAt(at, "fault-drop-connections", args));
                assertEquals(ErrorCode.INVALID_ARGUMENT, e.error(), args.toString());
            }
            CairnException unknownMember = assertThrows(CairnException.class,
                    () -> db.adminAt(at, "fault-cut", List.of("nobody")));
            assertTrue(unknownMember.getMessage().contains("nobody"), unknownMember.getMessage());
            CairnException unknownCommand = assertThrows(CairnException.class, () -> db.adminAt(at, "fault-flood", List.of()));
            assertEquals(ErrorCode.INVALID_ARGUMENT, unknownCommand.error());
            Map<String, String> status = db.adminAt(at, "fault-status", List.of());
            assertEquals("", status.get("cut_off_from"));
            assertEquals("unlimited", status.get("disk_budget"));
            assertEquals("false", status.get("dropping_connections"));
            put(db, "still writable");
        }
    }

    @Test
    void droppedConnectionsAreClosedUntilStoppedAndClientsReconnect() throws Exception {
        try (Node node = start(true)) {
            InetSocketAddress at = node.clientAddress();
            Map<String, String> on = admin(at, "fault-drop-connections", List.of("60000"));
            assertEquals("true", on.get("dropping_connections"));
            // A client that keeps a connection open has it closed under it, and reconnects: reads go on.
            int reads = 0;
            try (RemoteDatabase db = client(node)) {
                long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
                while (System.nanoTime() < end) {
                    db.run(tx -> tx.get(KEY));
                    reads++;
                }
            }
            assertTrue(reads > 0);
            Map<String, String> off = admin(at, "fault-drop-connections", List.of("0"));
            assertEquals("false", off.get("dropping_connections"));
            assertTrue(Long.parseLong(off.get("connections_dropped")) >= 2, "the client's connection was closed"
                    + " several times: " + off);
            Thread.sleep(2 * FaultInjection.DROP_INTERVAL_MILLIS); // the dropping thread has seen the stop
            try (RemoteDatabase db = RemoteDatabase.connect(RemoteDatabase.Options.of(List.of(at)).withRetryPolicy(ONCE))) {
                for (int i = 0; i < 20; i++) {
                    put(db, "after " + i); // without retries, a dropped connection would fail one of these
                }
            }
        }
    }

    /** An admin command on a fresh connection, tried again when the drop fault closes it first. */
    private static Map<String, String> admin(InetSocketAddress at, String command, List<String> args)
            throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try (RemoteDatabase db = RemoteDatabase.connect(RemoteDatabase.Options.of(List.of(at)).withRetryPolicy(ONCE))) {
                return db.adminAt(at, command, args);
            } catch (CairnException e) {
                if (e.error() != ErrorCode.UNAVAILABLE || attempt >= 50) {
                    throw e;
                }
                Thread.sleep(20);
            }
        }
    }
}
