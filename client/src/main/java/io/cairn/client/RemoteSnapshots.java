package io.cairn.client;

import io.cairn.api.CairnException;
import io.cairn.api.Database;
import io.cairn.api.ErrorCode;
import io.cairn.api.KeyValue;
import io.cairn.api.KeyValueIterator;
import io.cairn.api.Range;
import io.cairn.client.protocol.Frame;
import io.cairn.client.protocol.MessageType;
import io.cairn.client.protocol.Messages;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Long-lived snapshots of a cluster: each is opened on the leader after a leadership
 * confirmation, so it includes every write acknowledged before {@link #openSnapshot()}, and is
 * then read from that same node over a connection of its own, one batch ahead of the reader.
 *
 * <p>A snapshot lives on the node that opened it; the node closes it when it is closed here or
 * has not been read for a minute. If that node fails, reads fail with {@code unavailable} (1200)
 * and the caller opens a new snapshot. Thread-safe.
 */
final class RemoteSnapshots implements Database.Snapshots {
    /** Opening waits for the leader's backend to hold every acknowledged write: about one MVCC window. */
    private static final int OPEN_TIMEOUT_MILLIS = 30_000;

    private final ClusterConnector connector;
    private final String clientName;
    private final int connectTimeoutMillis;
    private final int requestTimeoutMillis;

    RemoteSnapshots(ClusterConnector connector, String clientName, int connectTimeoutMillis, int requestTimeoutMillis) {
        this.connector = connector;
        this.clientName = clientName;
        this.connectTimeoutMillis = connectTimeoutMillis;
        this.requestTimeoutMillis = requestTimeoutMillis;
    }

    /** Opens a snapshot on the leader; blocks up to 30 s (or the request timeout, if longer). */
    @Override
    public Database.LongSnapshot openSnapshot() {
        ClusterConnector.Answer a = connector.answer(MessageType.SNAPSHOT_OPEN, new byte[0],
                Math.max(OPEN_TIMEOUT_MILLIS, requestTimeoutMillis), true);
        Messages.SnapshotOpened o = RemoteBackend.decode(a.frame(), MessageType.SNAPSHOT_OPENED, Messages.SnapshotOpened::decode);
        return new Snapshot(a.node(), o);
    }

    private final class Snapshot implements Database.LongSnapshot {
        private final InetSocketAddress node;
        private final Messages.SnapshotOpened opened;
        private Connection connection;
        private boolean closed;

        Snapshot(InetSocketAddress node, Messages.SnapshotOpened opened) {
            this.node = node;
            this.opened = opened;
        }

        @Override
        public long version() {
            return opened.version();
        }

        @Override
        public String databaseId() {
            return opened.databaseId();
        }

        @Override
        public KeyValueIterator iterate(Range range) {
            byte[] end = io.cairn.api.Bytes.compare(range.end(), Range.SYSTEM_PREFIX) < 0 ? range.end()
                    : Range.SYSTEM_PREFIX;
            return new Batches(this, range.begin(), end);
        }

        private synchronized Connection connection() {
            if (closed) {
                throw new CairnException(ErrorCode.INVALID_ARGUMENT, "the snapshot at version " + version()
                        + " is closed");
            }
            if (connection == null || connection.isClosed()) {
                connection = Connection.open(node, clientName, connectTimeoutMillis, connector.tls());
            }
            return connection;
        }

        CompletableFuture<Frame> send(MessageType type, byte[] payload) {
            return connection().send(type, payload, requestTimeoutMillis);
        }

        /** Waits for {@code f}; on a broken connection resends {@code payload} once over a new one (reads only). */
        Messages.RangeReply await(CompletableFuture<Frame> f, byte[] payload) {
            Frame frame;
            try {
                frame = wait(f);
            } catch (CairnException e) {
                if (e.error() != ErrorCode.UNAVAILABLE) {
                    throw e;
                }
                frame = wait(send(MessageType.SNAPSHOT_RANGE, payload));
            }
            return RemoteBackend.decode(frame, MessageType.RANGE, Messages.RangeReply::decode);
        }

        private Frame wait(CompletableFuture<Frame> f) {
            Frame frame;
            try {
                frame = f.get(requestTimeoutMillis + Connection.DEADLINE_GRACE_MILLIS, TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                throw e.getCause() instanceof CairnException ce ? ce
                        : new CairnException(ErrorCode.UNAVAILABLE, node + ": " + e.getCause(), e.getCause());
            } catch (TimeoutException e) {
                throw new CairnException(ErrorCode.UNAVAILABLE, node + " did not answer within "
                        + requestTimeoutMillis + " ms");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CairnException(ErrorCode.TRANSACTION_CANCELLED, "interrupted while reading a snapshot");
            }
            if (frame.type() == MessageType.ERROR) {
                Messages.ErrorReply err = RemoteBackend.decode(frame, MessageType.ERROR, Messages.ErrorReply::decode);
                throw new CairnException(ErrorCode.of(err.code()), node + ": " + err.message());
            }
            return frame;
        }

        @Override
        public void close() {
            Connection c;
            synchronized (this) {
                if (closed) {
                    return;
                }
                closed = true;
                c = connection;
            }
            try {
                if (c == null || c.isClosed()) {
                    c = Connection.open(node, clientName, connectTimeoutMillis, connector.tls());
                }
                c.send(MessageType.SNAPSHOT_CLOSE, new Messages.SnapshotId(opened.id()).encode(), requestTimeoutMillis)
                        .get(requestTimeoutMillis, TimeUnit.MILLISECONDS);
            } catch (CairnException | ExecutionException | TimeoutException e) {
                // The node closes an unused snapshot by itself after its idle expiry.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                if (c != null) {
                    c.close();
                }
            }
        }
    }

    /** Reads a range batch by batch, asking for the next batch as soon as the current one arrives. */
    private static final class Batches implements KeyValueIterator {
        private final Snapshot snapshot;
        private final byte[] end;
        private Iterator<KeyValue> current = List.<KeyValue>of().iterator();
        private CompletableFuture<Frame> next;
        private byte[] nextPayload;

        Batches(Snapshot snapshot, byte[] begin, byte[] end) {
            this.snapshot = snapshot;
            this.end = end;
            if (io.cairn.api.Bytes.compare(begin, end) < 0) {
                request(begin);
            }
        }

        private void request(byte[] from) {
            nextPayload = new Messages.SnapshotRange(snapshot.opened.id(), from, end, 0).encode();
            next = snapshot.send(MessageType.SNAPSHOT_RANGE, nextPayload);
        }

        @Override
        public boolean hasNext() {
            while (!current.hasNext() && next != null) {
                Messages.RangeReply r = snapshot.await(next, nextPayload);
                next = null;
                List<KeyValue> pairs = r.pairs();
                if (r.more() && !pairs.isEmpty()) {
                    byte[] last = pairs.get(pairs.size() - 1).key();
                    request(Arrays.copyOf(last, last.length + 1));
                }
                current = pairs.iterator();
            }
            return current.hasNext();
        }

        @Override
        public KeyValue next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return current.next();
        }

        @Override
        public void close() {
            next = null;
            current = List.<KeyValue>of().iterator();
        }
    }
}
