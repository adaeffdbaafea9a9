package io.cairn.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cairn.client.RemoteDatabase;
import io.cairn.client.TestCertificates;
import io.cairn.client.Tls;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutual TLS between nodes: members presenting a certificate the cluster trusts replicate as over
 * plain TCP; a member with another certificate, or none, never joins the group, and joins and
 * catches up once restarted with the cluster's.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class PeerTlsTest {
    @TempDir
    Path dir;

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> view(Node n) {
        String v = n.status().get("view");
        return v.isEmpty() ? List.of() : List.of(v.split(","));
    }

    /** Waits up to {@code millis} for node {@code n}'s group view to hold {@code size} members. */
    private static boolean awaitView(Node n, int size, long millis) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (System.nanoTime() < end) {
            if (view(n).size() == size) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }

    @Test
    void onlyMembersWithTheClustersCertificateJoin() throws Exception {
        TestCertificates.Pem cluster = TestCertificates.create(dir, "cluster", "ip:127.0.0.1,dns:localhost", "EC");
        TestCertificates.Pem stranger = TestCertificates.create(dir, "stranger", "ip:127.0.0.1,dns:localhost", "EC");
        SSLContext trusted = Tls.mutual(cluster.certificate(), cluster.key(), cluster.certificate());
        // Presents its own certificate, and would even trust the cluster's: the cluster does not trust it.
        SSLContext untrusted = Tls.mutual(stranger.certificate(), stranger.key(), cluster.certificate());
        try (InJvmCluster c = new InJvmCluster(dir.resolve("nodes"), 0, "leveldb")) {
            for (int i = 0; i < 3; i++) {
                c.addSlot();
            }
            c.peerTls.put(0, trusted);
            c.peerTls.put(1, trusted);
            c.peerTls.put(2, untrusted);
            for (int i = 0; i < 3; i++) {
                c.nodes.set(i, c.start(i));
            }
            c.awaitLeader();
            try (RemoteDatabase db = c.client(0, 1)) {
                db.run(tx -> {
                    tx.set(b("k"), b("written while n2 was shut out"));
                    return null;
                });
            }
            assertEquals(false, awaitView(c.nodes.get(2), 3, 3000), "n2, with an untrusted certificate, stays out: "
                    + view(c.nodes.get(2)));
            assertEquals(2, view(c.nodes.get(0)).size(), "n0 sees only n1: " + view(c.nodes.get(0)));

            c.stop(2);
            c.peerTls.remove(2); // plain TCP: refused as well
            c.nodes.set(2, c.start(2));
            assertEquals(false, awaitView(c.nodes.get(2), 3, 3000), "n2 over plain TCP stays out");
            assertEquals(2, view(c.nodes.get(0)).size());

            c.stop(2);
            c.peerTls.put(2, trusted);
            c.nodes.set(2, c.start(2));
            assertEquals(true, awaitView(c.nodes.get(2), 3, 30_000), "with the cluster's certificate n2 joins");
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            byte[] seen = null;
            // Serializable reads through n2 alone answer from its own replica.
            try (RemoteDatabase db = RemoteDatabase.connect(RemoteDatabase.Options.of(List.of(c.members.get(2).client()))
                    .withConsistency(io.cairn.client.protocol.Messages.Consistency.SERIALIZABLE))) {
                while (System.nanoTime() < end) {
                    seen = db.run(tx -> tx.get(b("k")));
                    if (seen != null) {
                        break;
                    }
                    Thread.sleep(100);
                }
            }
            assertArrayEquals(b("written while n2 was shut out"), seen);
        }
    }
}
