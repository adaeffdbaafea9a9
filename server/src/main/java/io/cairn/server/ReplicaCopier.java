package io.cairn.server;

import io.cairn.api.CairnException;
import io.cairn.api.ErrorCode;
import io.cairn.api.KeyValue;
import io.cairn.client.Connection;
import io.cairn.client.protocol.Frame;
import io.cairn.client.protocol.MessageType;
import io.cairn.client.protocol.Messages;
import io.cairn.client.protocol.ProtocolException;
import io.cairn.core.Log;
import io.cairn.replication.ReplicaSource;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntConsumer;

/**
 * Copies a peer's replica over the Cairn protocol, for a member that must install a snapshot
 * ahead of its journal: opens a replica copy on the first peer whose journal reaches the
 * snapshot's version, then reads its backend and its journal batch by batch over one connection.
 */
final class ReplicaCopier implements ReplicaSource {
    private static final int CONNECT_TIMEOUT_MILLIS = 5_000;
    /** Opening waits for the peer's backend to hold what it applied: about one MVCC window. */
    private static final int OPEN_TIMEOUT_MILLIS = 30_000;
    private static final int READ_TIMEOUT_MILLIS = 30_000;
    private static final int JOURNAL_BATCH_BYTES = 1 << 20;
    /** Past every key, bookkeeping keys included. */
    private static final byte[] END = {(byte) 0xFF, (byte) 0xFF};

    /**
     * For tests: called with the number of each backend batch received; a runtime exception it
     * throws fails the copy there, as a crash midway would.
     */
    static volatile IntConsumer faultHook;

    private final String member;
    private final String self;

    /** A copier for {@code member}, whose own client address {@code self} ({@code host:port}) it skips. */
    ReplicaCopier(String member, String self) {
        this.member = member;
        this.self = self;
    }

    @Override
    public Copy open(long minVersion, List<String> peers) {
        List<String> problems = new ArrayList<>();
        for (String peer : peers) {
            if (peer.equals(self)) {
                continue;
            }
            Connection c = null;
            try {
                c = Connection.open(address(peer), "replica-copy:" + member, CONNECT_TIMEOUT_MILLIS);
                Messages.ReplicaCopyOpened o = decode(await(c.send(MessageType.REPLICA_COPY_OPEN, new byte[0],
                        OPEN_TIMEOUT_MILLIS), OPEN_TIMEOUT_MILLIS), MessageType.REPLICA_COPY_OPENED,
                        Messages.ReplicaCopyOpened::decode);
                RemoteCopy copy = new RemoteCopy(c, peer, o);
                if (o.journalEnd() < minVersion) {
                    copy.close();
                    problems.add(peer + " holds only up to version " + o.journalEnd());
                    continue;
                }
                return copy;
            } catch (CairnException e) {
                if (c != null) {
                    c.close();
                }
                problems.add(peer + ": " + e.getMessage());
            }
        }
        throw new CairnException(ErrorCode.UNAVAILABLE, "no peer could give a copy of its replica at version "
                + minVersion + " or later: " + (problems.isEmpty() ? "no peer is known" : String.join("; ", problems)));
    }

    private static InetSocketAddress address(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        if (colon <= 0) {
            throw new CairnException(ErrorCode.INVALID_ARGUMENT, "peer address '" + hostPort + "' is not host:port");
        }
        return new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
    }

    private static Frame await(CompletableFuture<Frame> f, int timeoutMillis) {
        Frame frame;
        try {
            frame = f.get(timeoutMillis + 2_000L, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof CairnException ce ? ce
                    : new CairnException(ErrorCode.UNAVAILABLE, String.valueOf(e.getCause()), e.getCause());
        } catch (TimeoutException e) {
            throw new CairnException(ErrorCode.UNAVAILABLE, "no answer within " + timeoutMillis + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CairnException(ErrorCode.UNAVAILABLE, "interrupted while copying a replica");
        }
        if (frame.type() == MessageType.ERROR) {
            Messages.ErrorReply err = decode(frame, MessageType.ERROR, Messages.ErrorReply::decode);
            throw new CairnException(ErrorCode.of(err.code()), err.message());
        }
        return frame;
    }

    private interface Decoder<T> {
        T decode(byte[] payload) throws ProtocolException;
    }

    private static <T> T decode(Frame f, MessageType expected, Decoder<T> decoder) {
        if (f.type() != expected) {
            throw new CairnException(ErrorCode.INTERNAL_ERROR, "expected " + expected + ", got " + f.type());
        }
        try {
            return decoder.decode(f.payload());
        } catch (ProtocolException e) {
            throw new CairnException(ErrorCode.INTERNAL_ERROR, "malformed " + expected + ": " + e.getMessage(), e);
        }
    }

    /** A copy open on a peer, read over one connection. */
    private static final class RemoteCopy implements Copy {
        private final Connection connection;
        private final String peer;
        private final Messages.ReplicaCopyOpened opened;

        RemoteCopy(Connection connection, String peer, Messages.ReplicaCopyOpened opened) {
            this.connection = connection;
            this.peer = peer;
            this.opened = opened;
        }

        @Override
        public long version() {
            return opened.version();
        }

        @Override
        public String peer() {
            return peer;
        }

        private Messages.RangeReply read(MessageType type, byte[] payload) {
            return decode(await(connection.send(type, payload, READ_TIMEOUT_MILLIS), READ_TIMEOUT_MILLIS),
                    MessageType.RANGE, Messages.RangeReply::decode);
        }

        @Override
        public Iterator<KeyValue> pairs() {
            return new Batches<>() {
                private byte[] from = new byte[0];
                private int batch;

                @Override
                Messages.RangeReply fetch() {
                    Messages.RangeReply r = read(MessageType.SNAPSHOT_RANGE,
                            new Messages.SnapshotRange(opened.id(), from, END, 0).encode());
                    IntConsumer hook = faultHook;
                    if (hook != null) {
                        hook.accept(++batch);
                    }
                    if (!r.pairs().isEmpty()) {
                        byte[] last = r.pairs().get(r.pairs().size() - 1).key();
                        from = java.util.Arrays.copyOf(last, last.length + 1);
                    }
                    return r;
                }

                @Override
                KeyValue convert(KeyValue kv) {
                    return kv;
                }
            };
        }

        @Override
        public Iterator<Log.VersionedRecord> entries() {
            return new Batches<>() {
                @Override
                Messages.RangeReply fetch() {
                    return read(MessageType.REPLICA_JOURNAL,
                            new Messages.ReplicaJournal(opened.id(), JOURNAL_BATCH_BYTES).encode());
                }

                @Override
                Log.VersionedRecord convert(KeyValue kv) {
                    return new Log.VersionedRecord(ByteBuffer.wrap(kv.key()).getLong(), kv.value());
                }
            };
        }

        @Override
        public void close() {
            try {
                await(connection.send(MessageType.SNAPSHOT_CLOSE, new Messages.SnapshotId(opened.id()).encode(),
                        READ_TIMEOUT_MILLIS), READ_TIMEOUT_MILLIS);
            } catch (CairnException e) {
                // The peer closes an unused copy by itself after its idle expiry.
            } finally {
                connection.close();
            }
        }
    }

    /** Items fetched batch by batch until a batch says no more remain. */
    private abstract static class Batches<T> implements Iterator<T> {
        private Iterator<KeyValue> current = List.<KeyValue>of().iterator();
        private boolean more = true;

        abstract Messages.RangeReply fetch();

        abstract T convert(KeyValue kv);

        @Override
        public boolean hasNext() {
            while (!current.hasNext() && more) {
                Messages.RangeReply r = fetch();
                more = r.more() && !r.pairs().isEmpty();
                current = r.pairs().iterator();
            }
            return current.hasNext();
        }

        @Override
        public T next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return convert(current.next());
        }
    }
}
