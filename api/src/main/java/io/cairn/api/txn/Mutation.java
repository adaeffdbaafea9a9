package io.cairn.api.txn;

import io.cairn.api.Bytes;
import io.cairn.api.MutationType;

/**
 * One write of a transaction, as carried in a {@link CommitRequest}.
 *
 * <p>For {@link Kind#CLEAR_RANGE} the parameter is the exclusive end key; for {@link Kind#CLEAR}
 * it is empty. The arrays are not copied.
 *
 * @param kind what the write does
 * @param key the key written, or the first key cleared
 * @param param the value, operand or end key
 */
public record Mutation(Kind kind, byte[] key, byte[] param) {
    /** The kinds of write, with their stable wire codes. */
    public enum Kind {
        /** Sets the key to the parameter. */
        SET(0),
        /** Removes the key. */
        CLEAR(1),
        /** Removes every key in {@code [key, param)}. */
        CLEAR_RANGE(2),
        /** {@link MutationType#ADD}. */
        ADD(3),
        /** {@link MutationType#MIN}. */
        MIN(4),
        /** {@link MutationType#MAX}. */
        MAX(5),
        /** {@link MutationType#COMPARE_AND_CLEAR}. */
        COMPARE_AND_CLEAR(6),
        /** {@link MutationType#SET_IF_ABSENT}. */
        SET_IF_ABSENT(7);

        private static final Kind[] BY_CODE = values();
        private final int code;

        Kind(int code) {
            this.code = code;
        }

        /** The stable one-byte code used in the binary encoding. */
        public int code() {
            return code;
        }

        /** Whether this kind is an atomic operation whose result depends on the stored value. */
        public boolean isAtomic() {
            return code >= ADD.code;
        }

        /** The kind with this code, or {@code null} when the code is unknown. */
        public static Kind ofCode(int code) {
            return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
        }

        /** The kind that carries an atomic operation of the public API. */
        public static Kind of(MutationType type) {
            return switch (type) {
                case ADD -> ADD;
                case MIN -> MIN;
                case MAX -> MAX;
                case COMPARE_AND_CLEAR -> COMPARE_AND_CLEAR;
                case SET_IF_ABSENT -> SET_IF_ABSENT;
            };
        }
    }

    /** Creates a mutation; no argument may be null. */
    public Mutation {
        if (kind == null || key == null || param == null) {
            throw new NullPointerException("mutation kind, key and param must not be null");
        }
    }

    /** The bytes this mutation counts towards the transaction size limit. */
    public int size() {
        return key.length + param.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Mutation m && kind == m.kind && java.util.Arrays.equals(key, m.key)
                && java.util.Arrays.equals(param, m.param);
    }

    @Override
    public int hashCode() {
        return (kind.hashCode() * 31 + java.util.Arrays.hashCode(key)) * 31 + java.util.Arrays.hashCode(param);
    }

    @Override
    public String toString() {
        return kind + " " + Bytes.printable(key) + (param.length == 0 ? "" : " " + Bytes.printable(param));
    }
}
