package io.cairn.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.api.CairnException;
import io.cairn.api.ErrorCode;
import io.cairn.client.Connection;
import io.cairn.client.TestCertificates;
import io.cairn.client.Tls;
import io.cairn.client.protocol.Frame;
import io.cairn.client.protocol.MessageType;
import io.cairn.client.protocol.Messages;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The client protocol over TLS: a trusted node serves, anything else is refused with a reason. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TlsServerTest {
    private static final int FRAME_TIMEOUT_MILLIS = 300;

    @TempDir
    Path dir;

    private ProtocolServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private InetSocketAddress serve(SSLContext tls) throws Exception {
        server = new ProtocolServer(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), new MapNodeService(),
                ServerOptions.defaults("n1", "test").withFrameTimeoutMillis(FRAME_TIMEOUT_MILLIS).withTls(tls));
        return server.localAddress();
    }

    private static void roundTrip(Connection c) throws Exception {
        Frame f = c.send(MessageType.COMMIT, new Messages.Commit(new byte[] {7}).encode(), 5000).get(5, TimeUnit.SECONDS);
        assertEquals(MessageType.COMMITTED, f.type());
        Frame g = c.send(MessageType.GET, new Messages.Get(1, new byte[] {7}).encode(), 5000).get(5, TimeUnit.SECONDS);
        assertArrayEquals(new byte[] {7}, Messages.ValueReply.decode(g.payload()).value());
    }

    private static CairnException refused(InetSocketAddress a, SSLContext tls) {
        CairnException e = assertThrows(CairnException.class, () -> Connection.open(a, "t", 5000, tls).close());
        assertEquals(ErrorCode.UNAVAILABLE, e.error());
        return e;
    }

    @Test
    void trustedClientIsServedAndStaysConnectedWhileIdle() throws Exception {
        TestCertificates.Pem node = TestCertificates.create(dir, "node", "ip:127.0.0.1,dns:localhost", "EC");
        InetSocketAddress a = serve(Tls.server(node.certificate(), node.key()));
        try (Connection c = Connection.open(a, "t", 5000, Tls.client(node.certificate()))) {
            roundTrip(c);
            // Idle for longer than the frame timeout: the node's read times out between frames, which must not
            // break the TLS session.
            Thread.sleep(FRAME_TIMEOUT_MILLIS * 3L);
            roundTrip(c);
        }
    }

    @Test
    void plainClientOfATlsNodeIsRefusedAndOthersAreStillServed() throws Exception {
        TestCertificates.Pem node = TestCertificates.create(dir, "node", "ip:127.0.0.1", "RSA");
        SSLContext trust = Tls.client(node.certificate());
        InetSocketAddress a = serve(Tls.server(node.certificate(), node.key()));
        CairnException plain = refused(a, null);
        assertTrue(plain.getMessage().contains("TLS"), plain.getMessage());
        try (Connection c = Connection.open(a, "t", 5000, trust)) {
            roundTrip(c);
        }
    }

    @Test
    void tlsClientOfAPlainNodeIsToldTheHandshakeFailed() throws Exception {
        TestCertificates.Pem node = TestCertificates.create(dir, "node", "ip:127.0.0.1", "EC");
        InetSocketAddress a = serve(null);
        CairnException e = refused(a, Tls.client(node.certificate()));
        assertTrue(e.getMessage().contains("TLS handshake failed"), e.getMessage());
    }

    @Test
    void untrustedOrMisnamedCertificateIsRefused() throws Exception {
        TestCertificates.Pem node = TestCertificates.create(dir, "node", "ip:127.0.0.1", "EC");
        TestCertificates.Pem other = TestCertificates.create(dir, "other", "ip:127.0.0.1", "EC");
        TestCertificates.Pem elsewhere = TestCertificates.create(dir, "elsewhere", "dns:db.example.invalid", "EC");
        InetSocketAddress a = serve(Tls.server(node.certificate(), node.key()));
        CairnException untrusted = refused(a, Tls.client(other.certificate()));
        assertTrue(untrusted.getMessage().contains("trusted"), untrusted.getMessage());
        server.close();
        InetSocketAddress b = serve(Tls.server(elsewhere.certificate(), elsewhere.key()));
        CairnException misnamed = refused(b, Tls.client(elsewhere.certificate()));
        assertTrue(misnamed.getMessage().contains("127.0.0.1"), misnamed.getMessage());
    }
}
