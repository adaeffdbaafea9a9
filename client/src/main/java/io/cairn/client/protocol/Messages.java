package io.cairn.client.protocol;

import io.cairn.api.KeyValue;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The message bodies of the protocol, one record per {@link MessageType}, each with its encoding.
 *
 * <p>Decoding checks every length and rejects trailing bytes, so a malformed payload is a
 * {@link ProtocolException} and never an unchecked error.
 */
public final class Messages {
    /** The first field of every {@link Hello}: the bytes {@code CARN}. */
    public static final int MAGIC = 0x4341524E;
    /**
     * The newest protocol version this code speaks; nodes also speak every older one (version 2
     * added {@link MessageType#GET_WITH_READ_VERSION}).
     */
    public static final int PROTOCOL_VERSION = 2;

    private Messages() {}

    /** How fresh a read version must be. */
    public enum Consistency {
        /** Confirmed with a majority by the leader: sees every write acknowledged before the request. */
        LINEARIZABLE,
        /** The answering replica's own latest version: consistent, but may miss the newest writes. */
        SERIALIZABLE;

        static Consistency of(int ordinal) throws ProtocolException {
            Consistency[] all = values();
            if (ordinal < 0 || ordinal >= all.length) {
                throw new ProtocolException("unknown consistency " + ordinal);
            }
            return all[ordinal];
        }
    }

    /** Client greeting. */
    public record Hello(int magic, int minVersion, int maxVersion, String clientName) {
        /** Encodes the body. */
        public byte[] encode() {
            return new PayloadWriter().u32(magic).u32(minVersion).u32(maxVersion).string(clientName).toByteArray();
        }

        /** Decodes a body. */
        public static Hello decode(byte[] p) throws ProtocolException {
            PayloadReader r = new PayloadReader(p);
            Hello h = new Hello(r.u32(), r.u32(), r.u32(), r.string());
            r.end();
            return h;
        }
    }

    /** Server greeting. */
    public record HelloOk(int version, String nodeName, String clusterName, int maxFrameSize) {
        /** Encodes the body. */
        public byte[] encode() {
            return new PayloadWriter().u32(version).string(nodeName).string(clusterName).u32(maxFrameSize).toByteArray();
        }

        /** Decodes a body. */
        public static HelloOk decode(byte[] p) throws ProtocolException {
            PayloadReader r = new PayloadReader(p);
            HelloOk h = new HelloOk(r.u32(), r.string(), r.string(), r.u32());
            r.end();
            return h;
        }
    }

    /** A failed request; {@code leaderHint} is {@code host:port} of the leader, or empty. */
    public record ErrorReply(int code, String message, String leaderHint) {
        /** Encodes the body. */
        public byte[] encode() {
            return new PayloadWriter().u32(code).string(message).string(leaderHint).toByteArray();
        }

        /** Decodes a body. */
        public static ErrorReply decode(byte[] p) throws ProtocolException {
            PayloadReader r = new PayloadReader(p);
            ErrorReply e = new ErrorReply(r.u32(), r.string(), r.string());
            r.end();
            return e;
        }
    }

    /** Asks for a read version. */
    public record GetReadVersion(Consistency consistency) {
        /** Encodes the body. */
        public byte[] encode() {
            return new PayloadWriter().u8(consistency.ordinal()).toByteArray();
        }

        /** Decodes a body. */
        public static GetReadVersion decode(byte[] p) throws ProtocolException {
            PayloadReader r = new PayloadReader(p);
            GetReadVersion g = new GetReadVersion(Consistency.of(r.u8()));
            r.end();
            return g;
        }
    }

    /** A version: the answer to {@link GetReadVersion} and to a commit. */
    public record VersionReply(long version) {
        /** Encodes the body. */
        public byte[] encode() {
            return new PayloadWriter().u64(version).toByteArray();
        }

        /** Decodes a body. */
        public static VersionReply decode(byte[] p) throws ProtocolException {
            PayloadReader r = new PayloadReader(p);
            VersionReply v = new VersionReply(r.u64());
            r.end();
            return v;
        }
    }

    /** Reads one key at a version. */
    public record Get(long version, byte[] key) {
        /** Encodes the body. */
        public byte[] encode() {
            return new PayloadWriter(key.length + 16).u64(version).bytes(key).toByteArray();
        }

        /** Decodes a body. */
        public static Get decode(byte[] p) throws ProtocolException {
            PayloadReader r = new PayloadReader(p);
            Get g = new Get(r.u64(), r.bytes());
            r.end();
            return g;
        }
    }

    /** The value of a key; {@code value} is {@code null} when the key has none. */
    public record ValueReply(byte[] value) {
        /** Encodes the body. */
        public byte[] encode() {
            PayloadWriter w = new PayloadWriter(value == null ? 1 : value.length + 8).bool(value != null);
            if (value != null) {
                w.bytes(value);
            }
            return w.toByteArray();
        }

        /** Decodes a body. */
        public static ValueReply decode(byte[] p) throws ProtocolException {
            PayloadReader r = new PayloadReader(p);
            ValueReply v = new ValueReply(r.bool() ? r.bytes() : null);
            r.end();
            return v;
        }
    }

    /** Takes a read version under a consistency level and reads {@code key} at it. */
    public record GetWithReadVersion(Consistency consistency, byte[] key) {
        /** Encodes the body. */
        public byte[] encode() {
            return new PayloadWriter(key.length + 8).u8(consistency.ordinal()).bytes(key).toByteArray();
        }

        /** Decodes a body. */
        public static GetWithReadVersion decode(byte[] p) throws ProtocolException {
            PayloadReader r = new PayloadReader(p);
            GetWithReadVersion g = new GetWithReadVersion(Consistency.of(r.u8()), r.bytes());
            r.end();
            return g;
        }
    }

    /** A read version and the value of a key at it, {@code null} when the key has none. */
    public record VersionedValueReply(long version, byte[] value) {
        /** Encodes the body. */
        public byte[] encode() {
            PayloadWriter w = new PayloadWriter(value == null ? 9 : value.length + 16).u64(version).bool(value != null);
            if (value != null) {
                w.bytes(value);
            }
            return w.toByteArray();
        }

        /** Decodes a body. */
        public static VersionedValueReply decode(byte[] p) throws ProtocolException {
            PayloadReader r = new PayloadReader(p);
            VersionedValueReply v = new VersionedValueReply(r.u64(), r.bool() ? r.bytes() : null);
            r.end();
            return v;
        }
    }

    /** Reads up to {@code limit} pairs of {@code [begin, end)} at a version; 0 means the server's batch size. */
    public record GetRange(long version, byte[] begin, byte[] end, int limit, boolean reverse) {
        /** Encodes the body. */
        public byte[] encode() {
            return new PayloadWriter(begin.length + end.length + 32)
                    .u64(version).bytes(begin).bytes(end).u32(limit).bool(reverse).toByteArray();
        }

        /** Decodes a body. */
        public static GetRange decode(byte[] p) throws ProtocolException {
            PayloadReader r = new PayloadReader(p);
            GetRange g = new GetRange(r.u64(), r.bytes(), r.bytes(), r.u32(), r.bool());
            r.end();
            if (g.limit < 0) {
                throw new ProtocolException("negative range limit " + g.limit);
            }
            return g;
        }
    }

    /** Pairs of a range in the order asked; {@code more} when the range holds further pairs. */
    public record RangeReply(List<KeyValue> pairs, boolean more) {
        /** Encodes the body. */
        public byte[] encode() {
            PayloadWriter w = new PayloadWriter(256).u32(pairs.size());
            for (KeyValue kv : pairs) {
                w.bytes(kv.key()).bytes(kv.value());
            }
            return w.bool(more).toByteArray();
        }

        /** Decodes a body. */
        public static RangeReply decode(byte[] p) throws ProtocolException {
            PayloadReader r = new PayloadReader(p);
            int n = r.u32();
            if (n < 0 || n > p.length / 8) {
                throw new ProtocolException("range reply claims " + Integer.toUnsignedString(n) + " pairs");
            }
            List<KeyValue> pairs = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                pairs.add(new KeyValue(r.bytes(), r.bytes()));
            }
            RangeReply reply = new RangeReply(pairs, r.bool());
            r.end();
            return reply;
        }
    }

    /** Commits an encoded commit request. */
    public record Commit(byte[] request) {
        /** Encodes the body. */
        public byte[] encode() {
            return new PayloadWriter(request.length + 4).bytes(request).toByteArray();
        }

        /** Decodes a body. */
        public static Commit decode(byte[] p) throws ProtocolException {
            PayloadReader r = new PayloadReader(p);
            Commit c = new Commit(r.bytes());
            r.end();
            return c;
        }
    }

    /** An administrative command: a verb and its arguments. */
    public record Admin(String command, List<String> args) {
        /** Encodes the body. */
        public byte[] encode() {
            PayloadWriter w = new PayloadWriter().string(command).u32(args.size());
            args.forEach(w::string);
            return w.toByteArray();
        }

        /** Decodes a body. */
        public static Admin decode(byte[] p) throws ProtocolException {
            PayloadReader r = new PayloadReader(p);
            String command = r.string();
            int n = r.u32();
            if (n < 0 || n > p.length / 4) {
                throw new ProtocolException("admin command claims " + Integer.toUnsignedString(n) + " arguments");
            }
            List<String> args = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                args.add(r.string());
            }
            r.end();
            return new Admin(command, Collections.unmodifiableList(args));
        }
    }

    /** Ordered name/value pairs: a node's status, or an administrative result. */
    public record Pairs(Map<String, String> values) {
        /** Encodes the body. */
        public byte[] encode() {
            PayloadWriter w = new PayloadWriter(256).u32(values.size());
            values.forEach((k, v) -> w.string(k).string(v));
            return w.toByteArray();
        }

        /** Decodes a body. */
        public static Pairs decode(byte[] p) throws ProtocolException {
            PayloadReader r = new PayloadReader(p);
            int n = r.u32();
            if (n < 0 || n > p.length / 8) {
                throw new ProtocolException("pairs claim " + Integer.toUnsignedString(n) + " entries");
            }
            Map<String, String> m = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                m.put(r.string(), r.string());
            }
            r.end();
            return new Pairs(Collections.unmodifiableMap(m));
        }
    }

    /** An opened snapshot: {@code id} names it on the node that opened it, until closed or expired. */
    public record SnapshotOpened(long id, long version, String databaseId) {
        /** Encodes the body. */
        public byte[] encode() {
            return new PayloadWriter().u64(id).u64(version).string(databaseId).toByteArray();
        }

        /** Decodes a body. */
        public static SnapshotOpened decode(byte[] p) throws ProtocolException {
            PayloadReader r = new PayloadReader(p);
            SnapshotOpened s = new SnapshotOpened(r.u64(), r.u64(), r.string());
            r.end();
            return s;
        }
    }

    /** Reads up to {@code limit} pairs of {@code [begin, end)} from open snapshot {@code id}; 0 means the server's batch size. */
    public record SnapshotRange(long id, byte[] begin, byte[] end, int limit) {
        /** Encodes the body. */
        public byte[] encode() {
            return new PayloadWriter(begin.length + end.length + 32).u64(id).bytes(begin).bytes(end).u32(limit)
                    .toByteArray();
        }

        /** Decodes a body. */
        public static SnapshotRange decode(byte[] p) throws ProtocolException {
            PayloadReader r = new PayloadReader(p);
            SnapshotRange s = new SnapshotRange(r.u64(), r.bytes(), r.bytes(), r.u32());
            r.end();
            if (s.limit < 0) {
                throw new ProtocolException("negative snapshot range limit " + s.limit);
            }
            return s;
        }
    }

    /** Names an open snapshot: the body of {@link MessageType#SNAPSHOT_CLOSE}. */
    public record SnapshotId(long id) {
        /** Encodes the body. */
        public byte[] encode() {
            return new PayloadWriter().u64(id).toByteArray();
        }

        /** Decodes a body. */
        public static SnapshotId decode(byte[] p) throws ProtocolException {
            PayloadReader r = new PayloadReader(p);
            SnapshotId s = new SnapshotId(r.u64());
            r.end();
            return s;
        }
    }

    /** An opened replica copy: the body of {@link MessageType#REPLICA_COPY_OPENED}. */
    public record ReplicaCopyOpened(long id, long version, long journalEnd) {
        /** Encodes the body. */
        public byte[] encode() {
            return new PayloadWriter().u64(id).u64(version).u64(journalEnd).toByteArray();
        }

        /** Decodes a body. */
        public static ReplicaCopyOpened decode(byte[] p) throws ProtocolException {
            PayloadReader r = new PayloadReader(p);
            ReplicaCopyOpened s = new ReplicaCopyOpened(r.u64(), r.u64(), r.u64());
            r.end();
            return s;
        }
    }

    /** Asks for the next records of replica copy {@code id}'s journal, up to about {@code maxBytes}: the body of {@link MessageType#REPLICA_JOURNAL}. */
    public record ReplicaJournal(long id, int maxBytes) {
        /** Encodes the body. */
        public byte[] encode() {
            return new PayloadWriter().u64(id).u32(maxBytes).toByteArray();
        }

        /** Decodes a body. */
        public static ReplicaJournal decode(byte[] p) throws ProtocolException {
            PayloadReader r = new PayloadReader(p);
            ReplicaJournal s = new ReplicaJournal(r.u64(), r.u32());
            r.end();
            if (s.maxBytes <= 0) {
                throw new ProtocolException("replica journal read size must be positive, not " + s.maxBytes);
            }
            return s;
        }
    }
}
