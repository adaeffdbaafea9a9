package io.cairn.server;

import io.cairn.api.ErrorCode;
import io.cairn.client.protocol.Frame;
import io.cairn.client.protocol.MessageType;
import io.cairn.client.protocol.Messages;
import io.cairn.client.protocol.ProtocolException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;

/** Decodes a request frame, calls the {@link NodeService}, and encodes its answer. */
final class RequestDispatcher {
    private RequestDispatcher() {}

    /**
     * Handles one request frame.
     *
     * @param later runs work that must not run on the thread completing a read version (Raft's,
     *     for a linearizable one), such as the read that follows it
     */
    static CompletableFuture<Frame> handle(NodeService service, Frame frame, Executor later) throws ProtocolException {
        long id = frame.requestId();
        MessageType type = frame.type();
        if (type == null) {
            return done(ServerConnection.error(id, ErrorCode.INVALID_ARGUMENT, "unknown request type " + frame.typeCode()));
        }
        byte[] p = frame.payload();
        switch (type) {
            case PING:
                return done(Frame.of(MessageType.PONG, id, 0, new byte[0]));
            case GET_READ_VERSION: {
                Messages.GetReadVersion r = Messages.GetReadVersion.decode(p);
                return service.readVersion(r.consistency()).thenApply(v ->
                        Frame.of(MessageType.READ_VERSION, id, 0, new Messages.VersionReply(v).encode()));
            }
            case GET: {
                Messages.Get r = Messages.Get.decode(p);
                return service.get(r.version(), r.key()).thenApply(v ->
                        Frame.of(MessageType.VALUE, id, 0, new Messages.ValueReply(v).encode()));
            }
            case GET_WITH_READ_VERSION: {
                Messages.GetWithReadVersion r = Messages.GetWithReadVersion.decode(p);
                CompletableFuture<Long> version = service.readVersion(r.consistency());
                Function<Long, CompletableFuture<Frame>> read = v -> service.get(v, r.key()).thenApply(value ->
                        Frame.of(MessageType.VALUE_AT_VERSION, id, 0, new Messages.VersionedValueReply(v, value).encode()));
                // A confirmed version arrives on Raft's thread, which must not wait for storage.
                return version.isDone() ? version.thenCompose(read) : version.thenComposeAsync(read, later);
            }
            case GET_RANGE: {
                Messages.GetRange r = Messages.GetRange.decode(p);
                return service.getRange(r.version(), r.begin(), r.end(), r.limit(), r.reverse()).thenApply(res ->
                        Frame.of(MessageType.RANGE, id, 0, new Messages.RangeReply(res.pairs(), res.more()).encode()));
            }
            case COMMIT: {
                Messages.Commit r = Messages.Commit.decode(p);
                return service.commit(r.request()).thenApply(v ->
                        Frame.of(MessageType.COMMITTED, id, 0, new Messages.VersionReply(v).encode()));
            }
            case STATUS:
                return done(Frame.of(MessageType.STATUS_OK, id, 0, new Messages.Pairs(service.status()).encode()));
            case ADMIN: {
                Messages.Admin r = Messages.Admin.decode(p);
                return service.admin(r.command(), r.args()).thenApply(m ->
                        Frame.of(MessageType.ADMIN_OK, id, 0, new Messages.Pairs(m).encode()));
            }
            case SNAPSHOT_OPEN:
                if (p.length != 0) {
                    throw new ProtocolException("SNAPSHOT_OPEN has an empty body, not " + p.length + " bytes");
                }
                return service.openSnapshot().thenApply(s -> Frame.of(MessageType.SNAPSHOT_OPENED, id, 0,
                        new Messages.SnapshotOpened(s.id(), s.version(), s.databaseId()).encode()));
            case SNAPSHOT_RANGE: {
                Messages.SnapshotRange r = Messages.SnapshotRange.decode(p);
                return service.snapshotRange(r.id(), r.begin(), r.end(), r.limit()).thenApply(res ->
                        Frame.of(MessageType.RANGE, id, 0, new Messages.RangeReply(res.pairs(), res.more()).encode()));
            }
            case SNAPSHOT_CLOSE: {
                Messages.SnapshotId r = Messages.SnapshotId.decode(p);
                return service.closeSnapshot(r.id()).thenApply(v -> Frame.of(MessageType.SNAPSHOT_CLOSED, id, 0,
                        new byte[0]));
            }
            case REPLICA_COPY_OPEN:
                if (p.length != 0) {
                    throw new ProtocolException("REPLICA_COPY_OPEN has an empty body, not " + p.length + " bytes");
                }
                return service.openReplicaCopy().thenApply(c -> Frame.of(MessageType.REPLICA_COPY_OPENED, id, 0,
                        new Messages.ReplicaCopyOpened(c.id(), c.version(), c.journalEnd()).encode()));
            case REPLICA_JOURNAL: {
                Messages.ReplicaJournal r = Messages.ReplicaJournal.decode(p);
                return service.replicaJournal(r.id(), r.maxBytes()).thenApply(res ->
                        Frame.of(MessageType.RANGE, id, 0, new Messages.RangeReply(res.pairs(), res.more()).encode()));
            }
            default:
                return done(ServerConnection.error(id, ErrorCode.INVALID_ARGUMENT,
                        "type " + type + " is not a request"));
        }
    }

    private static CompletableFuture<Frame> done(Frame f) {
        return CompletableFuture.completedFuture(f);
    }
}
