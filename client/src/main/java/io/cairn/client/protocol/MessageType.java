package io.cairn.client.protocol;

/** The type byte of a frame. Numbers are part of the protocol and never change. */
public enum MessageType {
    /** Client greeting: magic, lowest and highest protocol version, client name. */
    HELLO(1),
    /** Server greeting: chosen version, node name, cluster name, maximum frame size. */
    HELLO_OK(2),
    /** A failed request: error code, message, and where the leader is when known. */
    ERROR(3),
    /** Asks for a read version under a consistency level. */
    GET_READ_VERSION(10),
    /** A read version. */
    READ_VERSION(11),
    /** Reads one key at a version. */
    GET(12),
    /** The value of a key, or its absence. */
    VALUE(13),
    /** Reads a range at a version, up to a limit. */
    GET_RANGE(14),
    /** Pairs of a range, and whether more remain. */
    RANGE(15),
    /** Commits an encoded commit request. */
    COMMIT(16),
    /** The version a commit was applied at. */
    COMMITTED(17),
    /**
     * Takes a read version under a consistency level and reads one key at it: a transaction's
     * first read in one round instead of two. Since protocol version 2.
     */
    GET_WITH_READ_VERSION(18),
    /** A read version and the value of a key at it, or its absence. */
    VALUE_AT_VERSION(19),
    /** Asks a node for its status. */
    STATUS(20),
    /** A node's status as ordered name/value pairs. */
    STATUS_OK(21),
    /** An administrative command with arguments (cluster membership, ...). */
    ADMIN(22),
    /** The result of an administrative command as ordered name/value pairs. */
    ADMIN_OK(23),
    /** Liveness probe. */
    PING(30),
    /** Answer to a ping. */
    PONG(31),
    /** Opens a long-lived snapshot on the leader, after a leadership confirmation. */
    SNAPSHOT_OPEN(40),
    /** An opened snapshot: its id on the node, its version and the database id. */
    SNAPSHOT_OPENED(41),
    /** Reads up to a limit of pairs of a range from an open snapshot; answered by {@link #RANGE}. */
    SNAPSHOT_RANGE(42),
    /** Releases an open snapshot. */
    SNAPSHOT_CLOSE(43),
    /** The answer to {@link #SNAPSHOT_CLOSE}, with an empty body. */
    SNAPSHOT_CLOSED(44),
    /**
     * Opens, on the node asked, a copy of its replica for a member that must catch up: a snapshot
     * of its whole backend (read with {@link #SNAPSHOT_RANGE}, closed with {@link #SNAPSHOT_CLOSE})
     * and a reader of its journal (read with {@link #REPLICA_JOURNAL}).
     */
    REPLICA_COPY_OPEN(45),
    /** An opened replica copy: its id, the version its backend snapshot holds, and the journal's last version then. */
    REPLICA_COPY_OPENED(46),
    /** Reads the next journal records of an open replica copy; answered by {@link #RANGE} (key: version, value: record). */
    REPLICA_JOURNAL(47);

    private static final MessageType[] BY_CODE = new MessageType[256];

    static {
        for (MessageType t : values()) {
            BY_CODE[t.code] = t;
        }
    }

    private final int code;

    MessageType(int code) {
        this.code = code;
    }

    /** The byte that stands for this type on the wire. */
    public int code() {
        return code;
    }

    /** The type for a wire byte, or {@code null} when unknown. */
    public static MessageType of(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
