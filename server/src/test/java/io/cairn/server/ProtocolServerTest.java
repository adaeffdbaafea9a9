package io.cairn.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.api.CairnException;
import io.cairn.api.ErrorCode;
import io.cairn.client.Connection;
import io.cairn.client.protocol.Frame;
import io.cairn.client.protocol.FrameCodec;
import io.cairn.client.protocol.MessageType;
import io.cairn.client.protocol.Messages;
import io.cairn.client.protocol.PayloadWriter;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ProtocolServerTest {
    private final MapNodeService service = new MapNodeService();
    private ProtocolServer server;
    private Connection good;

    @BeforeEach
    void start() throws IOException {
        server = new ProtocolServer(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), service,
                ServerOptions.defaults("n1", "test").withFrameTimeoutMillis(500).withMaxFrameSize(64 * 1024));
        good = Connection.open(server.localAddress(), "good", 5000);
    }

    @AfterEach
    void stop() {
        good.close();
        server.close();
    }

    /** The well-behaved client still gets answers. */
    private void goodClientStillServed() throws Exception {
        Frame f = good.send(MessageType.COMMIT, new Messages.Commit(new byte[] {1}).encode(), 5000).get(5, TimeUnit.SECONDS);
        assertEquals(MessageType.COMMITTED, f.type());
        Frame g = good.send(MessageType.GET, new Messages.Get(1, new byte[] {1}).encode(), 5000).get(5, TimeUnit.SECONDS);
        assertArrayEquals(new byte[] {1}, Messages.ValueReply.decode(g.payload()).value());
    }

    private Socket raw() throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), server.localAddress().getPort());
        s.setSoTimeout(5000);
        return s;
    }

    private static Frame hello() {
        return Frame.of(MessageType.HELLO, 1, 0, new Messages.Hello(Messages.MAGIC, 1, 1, "raw").encode());
    }

    /** Reads frames until the server closes the connection; returns them. */
    private static List<Frame> drain(Socket s) throws IOException {
        List<Frame> frames = new ArrayList<>();
        DataInputStream in = new DataInputStream(s.getInputStream());
        FrameCodec codec = new FrameCodec(FrameCodec.DEFAULT_MAX_FRAME_SIZE);
        for (Frame f; (f = codec.read(in)) != null; ) {
            frames.add(f);
        }
        return frames;
    }

    private static Messages.ErrorReply lastError(List<Frame> frames) throws IOException {
        Frame last = frames.get(frames.size() - 1);
        assertEquals(MessageType.ERROR, last.type());
        return Messages.ErrorReply.decode(last.payload());
    }

    @Test
    void requestsArePipelinedAndAnsweredById() throws Exception {
        List<CompletableFuture<Frame>> futures = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            futures.add(good.send(MessageType.COMMIT, new Messages.Commit(new byte[] {(byte) i, 7}).encode(), 5000));
        }
        for (CompletableFuture<Frame> f : futures) {
            assertEquals(MessageType.COMMITTED, f.get(5, TimeUnit.SECONDS).type());
        }
        assertEquals(201, service.version.get());
    }

    @Test
    void wrongProtocolVersionIsRefusedWithAClearError() throws Exception {
        try (Socket s = raw()) {
            new FrameCodec(1024).write(s.getOutputStream(),
                    Frame.of(MessageType.HELLO, 1, 0, new Messages.Hello(Messages.MAGIC, 7, 9, "future").encode()));
            Messages.ErrorReply e = lastError(drain(s));
            assertTrue(e.message().contains("unsupported protocol version"), e.message());
        }
        goodClientStillServed();
    }

    @Test
    void badMagicIsRefused() throws Exception {
        try (Socket s = raw()) {
            new FrameCodec(1024).write(s.getOutputStream(),
                    Frame.of(MessageType.HELLO, 1, 0, new Messages.Hello(0x12345678, 1, 1, "x").encode()));
            assertTrue(lastError(drain(s)).message().contains("magic"));
        }
        goodClientStillServed();
    }

    @Test
    void requestBeforeHandshakeIsRefused() throws Exception {
        try (Socket s = raw()) {
            new FrameCodec(1024).write(s.getOutputStream(), Frame.of(MessageType.GET, 1, 0, new byte[0]));
            assertTrue(lastError(drain(s)).message().contains("HELLO"));
        }
        goodClientStillServed();
    }

    @Test
    void oversizeFrameClosesOnlyThatConnection() throws Exception {
        try (Socket s = raw()) {
            OutputStream out = s.getOutputStream();
            new FrameCodec(1024).write(out, hello());
            out.write(new byte[] {0x00, 0x10, 0x00, 0x00}); // claims 1 MiB, above the 64 KiB limit
            out.flush();
            List<Frame> frames = drain(s);
            assertEquals(MessageType.HELLO_OK, frames.get(0).type());
            assertTrue(lastError(frames).message().contains("malformed frame"));
        }
        goodClientStillServed();
    }

    @Test
    void garbageBytesCloseOnlyThatConnection() throws Exception {
        try (Socket s = raw()) {
            s.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes());
            s.getOutputStream().flush();
            List<Frame> frames = drain(s);
            assertEquals(MessageType.ERROR, frames.get(frames.size() - 1).type());
        }
        goodClientStillServed();
    }

    @Test
    void malformedPayloadGetsAnErrorAndTheConnectionGoesOn() throws Exception {
        Frame f = good.send(MessageType.GET, new byte[] {1, 2}, 5000).get(5, TimeUnit.SECONDS);
        Messages.ErrorReply e = Messages.ErrorReply.decode(f.payload());
        assertEquals(ErrorCode.INVALID_ARGUMENT.code(), e.code());
        assertTrue(e.message().contains("malformed request"), e.message());
        goodClientStillServed();
    }

    @Test
    void unknownRequestTypeGetsAnErrorAndTheConnectionGoesOn() throws Exception {
        try (Socket s = raw()) {
            FrameCodec codec = new FrameCodec(1024);
            codec.write(s.getOutputStream(), hello());
            codec.write(s.getOutputStream(), new Frame(250, 0, 9, 0, new byte[0]));
            codec.write(s.getOutputStream(), Frame.of(MessageType.PING, 10, 0, new byte[0]));
            DataInputStream in = new DataInputStream(s.getInputStream());
            assertEquals(MessageType.HELLO_OK, codec.read(in).type());
            Frame err = codec.read(in);
            assertEquals(9, err.requestId());
            assertTrue(Messages.ErrorReply.decode(err.payload()).message().contains("unknown request type 250"));
            Frame pong = codec.read(in);
            assertEquals(MessageType.PONG, pong.type());
            assertEquals(10, pong.requestId());
        }
    }

    @Test
    void clientStallingMidFrameIsDisconnectedWhileOthersAreServed() throws Exception {
        try (Socket s = raw()) {
            OutputStream out = s.getOutputStream();
            new FrameCodec(1024).write(out, hello());
            out.write(new byte[] {0, 0, 0, 40, (byte) MessageType.GET.code()}); // then nothing more
            out.flush();
            goodClientStillServed(); // while the staller holds its connection
            List<Frame> frames = drain(s); // the server gives up after the frame timeout
            assertTrue(lastError(frames).message().contains("not completed"), lastError(frames).message());
        }
        goodClientStillServed();
    }

    @Test
    void idleConnectionsAreNotDropped() throws Exception {
        Thread.sleep(1200); // longer than the 500 ms frame timeout, with no frame started
        goodClientStillServed();
    }

    @Test
    void requestDeadlineIsEnforcedOnTheServer() throws Exception {
        service.hang = new CompletableFuture<>();
        Frame f = good.send(MessageType.GET_READ_VERSION,
                new Messages.GetReadVersion(Messages.Consistency.LINEARIZABLE).encode(), 300).get(5, TimeUnit.SECONDS);
        Messages.ErrorReply e = Messages.ErrorReply.decode(f.payload());
        assertEquals(ErrorCode.TRANSACTION_TIMED_OUT.code(), e.code());
        service.hang = null;
        goodClientStillServed();
    }

    @Test
    void notLeaderCarriesTheLeaderHint() throws Exception {
        Frame f = good.send(MessageType.ADMIN, new Messages.Admin("leader", List.of()).encode(), 5000).get(5, TimeUnit.SECONDS);
        Messages.ErrorReply e = Messages.ErrorReply.decode(f.payload());
        assertEquals(ErrorCode.WRONG_LEADER.code(), e.code());
        assertEquals("127.0.0.1:9", e.leaderHint());
    }

    @Test
    void clientSeesConnectionLossAsUnavailable() throws Exception {
        service.hang = new CompletableFuture<>();
        CompletableFuture<Frame> f = good.send(MessageType.GET_READ_VERSION,
                new Messages.GetReadVersion(Messages.Consistency.LINEARIZABLE).encode(), 0);
        server.close();
        Exception e = assertThrows(Exception.class, () -> f.get(5, TimeUnit.SECONDS));
        assertEquals(ErrorCode.UNAVAILABLE, ((CairnException) e.getCause()).error());
    }

    @Test
    void unreachableNodeIsUnavailableNamingTheAddress() throws IOException {
        int port;
        try (java.net.ServerSocket ss = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = ss.getLocalPort();
        }
        InetSocketAddress nowhere = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        CairnException e = assertThrows(CairnException.class, () -> Connection.open(nowhere, "x", 2000));
        assertEquals(ErrorCode.UNAVAILABLE, e.error());
        assertTrue(e.getMessage().contains(Integer.toString(port)), e.getMessage());
    }

    @Test
    void largePayloadsWithinTheLimitPass() throws Exception {
        byte[] big = new PayloadWriter().bytes(new byte[60_000]).toByteArray();
        Frame f = good.send(MessageType.COMMIT, big, 5000).get(5, TimeUnit.SECONDS);
        assertEquals(MessageType.COMMITTED, f.type());
    }

    @Test
    void concurrentSendersAreEachAnsweredByTheirOwnId() throws Exception {
        int threads = 8;
        int perThread = 250;
        for (int i = 0; i < threads * perThread; i++) {
            good.send(MessageType.COMMIT, new Messages.Commit(key(i)).encode(), 5000).get(5, TimeUnit.SECONDS);
        }
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try {
            List<java.util.concurrent.Future<Integer>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int first = t * perThread;
                done.add(pool.submit(() -> {
                    List<CompletableFuture<Frame>> answers = new ArrayList<>();
                    for (int i = first; i < first + perThread; i++) {
                        answers.add(good.send(MessageType.GET, new Messages.Get(1, key(i)).encode(), 5000));
                    }
                    for (int i = 0; i < perThread; i++) {
                        Frame f = answers.get(i).get(5, TimeUnit.SECONDS);
                        assertArrayEquals(key(first + i), Messages.ValueReply.decode(f.payload()).value());
                    }
                    return perThread;
                }));
            }
            for (java.util.concurrent.Future<Integer> f : done) {
                assertEquals(perThread, f.get(30, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static byte[] key(int i) {
        return new byte[] {(byte) (i >>> 8), (byte) i};
    }

    @Test
    void answersCompletedOnAnotherThreadAllArrive() throws Exception {
        java.util.concurrent.ExecutorService raft = java.util.concurrent.Executors.newSingleThreadExecutor();
        service.commitThread = raft;
        try {
            List<CompletableFuture<Frame>> futures = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                futures.add(good.send(MessageType.COMMIT, new Messages.Commit(key(i)).encode(), 5000));
            }
            java.util.Set<Long> versions = new java.util.HashSet<>();
            for (CompletableFuture<Frame> f : futures) {
                Frame answer = f.get(10, TimeUnit.SECONDS);
                assertEquals(MessageType.COMMITTED, answer.type());
                versions.add(Messages.VersionReply.decode(answer.payload()).version());
            }
            assertEquals(1000, versions.size(), "each commit got its own answer");
        } finally {
            service.commitThread = null;
            raft.shutdownNow();
        }
        goodClientStillServed();
    }

    @Test
    void aConnectionWithTooManyRequestsInFlightIsNotReadFurtherUntilAnswersLeave() throws Exception {
        service.hang = new CompletableFuture<>();
        byte[] rv = new Messages.GetReadVersion(Messages.Consistency.LINEARIZABLE).encode();
        List<CompletableFuture<Frame>> waiting = new ArrayList<>();
        for (int i = 0; i < ServerConnection.MAX_IN_FLIGHT; i++) {
            waiting.add(good.send(MessageType.GET_READ_VERSION, rv, 0));
        }
        CompletableFuture<Frame> ping = good.send(MessageType.PING, new byte[0], 0);
        try (Connection other = Connection.open(server.localAddress(), "other", 5000)) {
            Frame pong = other.send(MessageType.PING, new byte[0], 5000).get(5, TimeUnit.SECONDS);
            assertEquals(MessageType.PONG, pong.type(), "other connections are served meanwhile");
        }
        Thread.sleep(300);
        assertTrue(!ping.isDone(), "the request past the limit waits unread");
        service.hang.complete(7L);
        assertEquals(MessageType.PONG, ping.get(10, TimeUnit.SECONDS).type());
        for (CompletableFuture<Frame> f : waiting) {
            assertEquals(7, Messages.VersionReply.decode(f.get(10, TimeUnit.SECONDS).payload()).version());
        }
        service.hang = null;
    }

    @Test
    void aRequestTheNodeNeverAnswersFailsOnTheClientAfterItsDeadline() throws Exception {
        try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                try (Socket s = silent.accept()) {
                    FrameCodec codec = new FrameCodec(FrameCodec.DEFAULT_MAX_FRAME_SIZE);
                    DataInputStream in = new DataInputStream(s.getInputStream());
                    Frame hello = codec.read(in);
                    codec.write(s.getOutputStream(), Frame.of(MessageType.HELLO_OK, hello.requestId(), 0,
                            new Messages.HelloOk(1, "silent", "test", FrameCodec.DEFAULT_MAX_FRAME_SIZE).encode()));
                    while (codec.read(in) != null) {
                        // Reads requests and never answers them.
                    }
                } catch (IOException ignored) {
                    // The client went away.
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            try (Connection c = Connection.open((InetSocketAddress) silent.getLocalSocketAddress(), "c", 5000)) {
                long start = System.nanoTime();
                CompletableFuture<Frame> f = c.send(MessageType.PING, new byte[0], 200);
                Exception e = assertThrows(Exception.class, () -> f.get(10, TimeUnit.SECONDS));
                assertEquals(ErrorCode.TRANSACTION_TIMED_OUT, ((CairnException) e.getCause()).error());
                long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                assertTrue(tookMillis >= 200 + 1000 && tookMillis < 8000, "failed after " + tookMillis + " ms");
                assertTrue(!c.isClosed(), "a late answer does not break the connection");
            }
        }
    }

    @Test
    void getWithReadVersionAnswersTheVersionAndTheValueAtIt() throws Exception {
        good.send(MessageType.COMMIT, new Messages.Commit(key(5)).encode(), 5000).get(5, TimeUnit.SECONDS);
        byte[] ask = new Messages.GetWithReadVersion(Messages.Consistency.LINEARIZABLE, key(5)).encode();
        Frame now = good.send(MessageType.GET_WITH_READ_VERSION, ask, 5000).get(5, TimeUnit.SECONDS);
        Messages.VersionedValueReply r = Messages.VersionedValueReply.decode(now.payload());
        assertEquals(service.version.get(), r.version());
        assertArrayEquals(key(5), r.value());

        // A version that arrives later (as a confirmed one does, on Raft's thread) is read and answered too.
        service.hang = new CompletableFuture<>();
        CompletableFuture<Frame> later = good.send(MessageType.GET_WITH_READ_VERSION,
                new Messages.GetWithReadVersion(Messages.Consistency.LINEARIZABLE, key(6)).encode(), 5000);
        Thread.sleep(100);
        assertTrue(!later.isDone());
        service.hang.complete(41L);
        Messages.VersionedValueReply absent = Messages.VersionedValueReply.decode(later.get(5, TimeUnit.SECONDS).payload());
        assertEquals(41, absent.version());
        assertEquals(null, absent.value());
        service.hang = null;
        goodClientStillServed();
    }
}
