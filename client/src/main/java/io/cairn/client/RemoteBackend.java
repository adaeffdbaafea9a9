package io.cairn.client;

import io.cairn.api.CairnException;
import io.cairn.api.ErrorCode;
import io.cairn.api.txn.CommitRequest;
import io.cairn.api.txn.RangeBatch;
import io.cairn.api.txn.TransactionBackend;
import io.cairn.client.protocol.Frame;
import io.cairn.client.protocol.MessageType;
import io.cairn.client.protocol.Messages;
import io.cairn.client.protocol.ProtocolException;

/** The {@link TransactionBackend} of a cluster: each call is one request through a {@link ClusterConnector}. */
final class RemoteBackend implements TransactionBackend {
    private final ClusterConnector connector;
    private final Messages.Consistency consistency;
    private final int requestTimeoutMillis;

    RemoteBackend(ClusterConnector connector, Messages.Consistency consistency, int requestTimeoutMillis) {
        this.connector = connector;
        this.consistency = consistency;
        this.requestTimeoutMillis = requestTimeoutMillis;
    }

    @Override
    public long readVersion() {
        Frame f = connector.call(MessageType.GET_READ_VERSION, new Messages.GetReadVersion(consistency).encode(),
                requestTimeoutMillis, true);
        return decode(f, MessageType.READ_VERSION, p -> Messages.VersionReply.decode(p).version());
    }

    @Override
    public byte[] get(byte[] key, long version) {
        Frame f = connector.call(MessageType.GET, new Messages.Get(version, key).encode(), requestTimeoutMillis, true);
        return decode(f, MessageType.VALUE, p -> Messages.ValueReply.decode(p).value());
    }

    /** One request: the node takes the read version and reads the key at it before it answers. */
    @Override
    public VersionedValue readVersionAndGet(byte[] key) {
        Frame f = connector.call(MessageType.GET_WITH_READ_VERSION,
                new Messages.GetWithReadVersion(consistency, key).encode(), requestTimeoutMillis, true);
        Messages.VersionedValueReply r = decode(f, MessageType.VALUE_AT_VERSION, Messages.VersionedValueReply::decode);
        return new VersionedValue(r.version(), r.value());
    }

    @Override
    public RangeBatch getRange(byte[] begin, byte[] end, int limit, boolean reverse, long version) {
        Frame f = connector.call(MessageType.GET_RANGE, new Messages.GetRange(version, begin, end, limit, reverse).encode(),
                requestTimeoutMillis, true);
        Messages.RangeReply r = decode(f, MessageType.RANGE, Messages.RangeReply::decode);
        return new RangeBatch(r.pairs(), r.more());
    }

    @Override
    public long commit(CommitRequest request) {
        Frame f = connector.call(MessageType.COMMIT, new Messages.Commit(request.encode()).encode(),
                requestTimeoutMillis, false);
        return decode(f, MessageType.COMMITTED, p -> Messages.VersionReply.decode(p).version());
    }

    /** Decodes one message body. */
    interface Decoder<T> {
        T decode(byte[] payload) throws ProtocolException;
    }

    /** Decodes a reply of the {@code expected} type; anything else is an internal error naming both. */
    static <T> T decode(Frame f, MessageType expected, Decoder<T> decoder) {
        if (f.type() != expected) {
            throw new CairnException(ErrorCode.INTERNAL_ERROR, "expected " + expected + " from the node, got " + f.type());
        }
        try {
            return decoder.decode(f.payload());
        } catch (ProtocolException e) {
            throw new CairnException(ErrorCode.INTERNAL_ERROR, "malformed " + expected + " from the node: " + e.getMessage(), e);
        }
    }
}
