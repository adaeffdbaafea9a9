package io.cairn.api.txn;

import io.cairn.api.CairnException;
import io.cairn.api.ErrorCode;
import io.cairn.api.Range;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Everything needed to decide and apply one write transaction: its read version, the ranges it
 * read and wrote, its mutations in order, and an optional transaction id for at-most-once commit.
 *
 * <p>{@link #encode()} and {@link #decode(byte[])} give a compact binary form used by the local
 * write-ahead log and the wire protocol. Immutable once built; the lists are copied, the arrays
 * are not.
 *
 * @param readVersion the version the transaction read at
 * @param readConflicts ranges whose change after {@code readVersion} makes the commit fail (1020)
 * @param writeConflicts ranges this transaction counts as written for others' conflict checks
 * @param mutations the writes, applied in order
 * @param transactionId an id that lets a retried commit be applied at most once, or {@code null}
 */
public record CommitRequest(long readVersion, List<Range> readConflicts, List<Range> writeConflicts,
        List<Mutation> mutations, byte[] transactionId) {
    /** The format byte that starts every encoded request. */
    private static final int FORMAT = 1;
    /** The longest transaction id accepted, in bytes. */
    public static final int MAX_ID_LENGTH = 64;

    /** Creates a request; the lists are copied. */
    public CommitRequest {
        readConflicts = List.copyOf(readConflicts);
        writeConflicts = List.copyOf(writeConflicts);
        mutations = List.copyOf(mutations);
        if (transactionId != null && transactionId.length > MAX_ID_LENGTH) {
            throw new CairnException(ErrorCode.INVALID_ARGUMENT,
                    "transaction id is " + transactionId.length + " bytes, more than " + MAX_ID_LENGTH);
        }
    }

    /** The bytes counted against {@link io.cairn.api.Limits#MAX_TRANSACTION_SIZE}: keys, values and conflict ranges. */
    public long size() {
        long n = 0;
        for (Mutation m : mutations) {
            n += m.size();
        }
        for (Range r : readConflicts) {
            n += r.begin().length + r.end().length;
        }
        for (Range r : writeConflicts) {
            n += r.begin().length + r.end().length;
        }
        return n;
    }

    /** Encodes this request; {@link #decode(byte[])} gives back an equal request. */
    public byte[] encode() {
        return encode(0);
    }

    /**
     * Encodes this request after {@code reserve} leading zero bytes that the caller fills with a
     * header of its own; {@link #decode(byte[], int)} with offset {@code reserve} reads it back.
     */
    public byte[] encode(int reserve) {
        long n = reserve + 1L + 8 + sizeOf(transactionId == null ? 0 : transactionId.length)
                + rangesSize(readConflicts) + rangesSize(writeConflicts) + varintSize(mutations.size());
        for (Mutation m : mutations) {
            n += 1 + sizeOf(m.key().length) + sizeOf(m.param().length);
        }
        if (n > Integer.MAX_VALUE - 16) {
            throw new CairnException(ErrorCode.TRANSACTION_TOO_LARGE, "commit request of " + n + " bytes cannot be encoded");
        }
        Out out = new Out(new byte[(int) n], reserve);
        out.u8(FORMAT);
        out.i64(readVersion);
        out.bytes(transactionId == null ? new byte[0] : transactionId);
        out.ranges(readConflicts);
        out.ranges(writeConflicts);
        out.varint(mutations.size());
        for (Mutation m : mutations) {
            out.u8(m.kind().code());
            out.bytes(m.key());
            out.bytes(m.param());
        }
        return out.buf;
    }

    private static int varintSize(int v) {
        int n = 1;
        while ((v & ~0x7F) != 0) {
            v >>>= 7;
            n++;
        }
        return n;
    }

    private static long sizeOf(int length) {
        return varintSize(length) + (long) length;
    }

    private static long rangesSize(List<Range> ranges) {
        long n = varintSize(ranges.size());
        for (Range r : ranges) {
            n += sizeOf(r.begin().length) + sizeOf(r.end().length);
        }
        return n;
    }

    /**
     * Decodes a request made by {@link #encode()}.
     *
     * @throws CairnException {@link ErrorCode#DATA_CORRUPT} when the bytes are not a valid request
     */
    public static CommitRequest decode(byte[] data) {
        return decode(data, 0);
    }

    /**
     * Decodes a request made by {@link #encode()} that fills {@code data} from {@code offset} on.
     *
     * @throws CairnException {@link ErrorCode#DATA_CORRUPT} when the bytes are not a valid request
     */
    public static CommitRequest decode(byte[] data, int offset) {
        In in = new In(data);
        in.pos = offset;
        int format = in.u8();
        if (format != FORMAT) {
            throw in.corrupt("unknown commit request format " + format);
        }
        long readVersion = in.i64();
        byte[] id = in.bytes();
        List<Range> reads = in.ranges();
        List<Range> writes = in.ranges();
        int n = in.count();
        List<Mutation> mutations = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int code = in.u8();
            Mutation.Kind kind = Mutation.Kind.ofCode(code);
            if (kind == null) {
                throw in.corrupt("unknown mutation code " + code);
            }
            mutations.add(new Mutation(kind, in.bytes(), in.bytes()));
        }
        if (in.pos != data.length) {
            throw in.corrupt((data.length - in.pos) + " trailing bytes");
        }
        return new CommitRequest(readVersion, reads, writes, mutations, id.length == 0 ? null : id);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CommitRequest r && readVersion == r.readVersion && readConflicts.equals(r.readConflicts)
                && writeConflicts.equals(r.writeConflicts) && mutations.equals(r.mutations)
                && Arrays.equals(transactionId, r.transactionId);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(readVersion) * 31 + mutations.hashCode();
    }

    @Override
    public String toString() {
        return "CommitRequest{readVersion=" + readVersion + ", reads=" + readConflicts + ", writes=" + writeConflicts
                + ", mutations=" + mutations + "}";
    }

    /** Writes into an array sized exactly by {@link #encode(int)}. */
    private static final class Out {
        private final byte[] buf;
        private int pos;

        Out(byte[] buf, int pos) {
            this.buf = buf;
            this.pos = pos;
        }

        void u8(int v) {
            buf[pos++] = (byte) v;
        }

        void i64(long v) {
            for (int s = 56; s >= 0; s -= 8) {
                buf[pos++] = (byte) (v >>> s);
            }
        }

        void varint(int v) {
            while ((v & ~0x7F) != 0) {
                buf[pos++] = (byte) ((v & 0x7F) | 0x80);
                v >>>= 7;
            }
            buf[pos++] = (byte) v;
        }

        void bytes(byte[] b) {
            varint(b.length);
            System.arraycopy(b, 0, buf, pos, b.length);
            pos += b.length;
        }

        void ranges(List<Range> ranges) {
            varint(ranges.size());
            for (Range r : ranges) {
                bytes(r.begin());
                bytes(r.end());
            }
        }
    }

    private static final class In {
        private final byte[] buf;
        private int pos;

        In(byte[] buf) {
            this.buf = buf;
        }

        CairnException corrupt(String what) {
            return new CairnException(ErrorCode.DATA_CORRUPT, "malformed commit request at byte " + pos + ": " + what);
        }

        private void need(int n) {
            if (n < 0 || buf.length - pos < n) {
                throw corrupt("truncated, needs " + n + " more bytes");
            }
        }

        int u8() {
            need(1);
            return buf[pos++] & 0xFF;
        }

        long i64() {
            need(8);
            long v = 0;
            for (int i = 0; i < 8; i++) {
                v = (v << 8) | (buf[pos++] & 0xFF);
            }
            return v;
        }

        int varint() {
            int v = 0;
            for (int shift = 0; shift < 35; shift += 7) {
                int b = u8();
                v |= (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    if (v < 0) {
                        throw corrupt("negative length");
                    }
                    return v;
                }
            }
            throw corrupt("varint longer than 5 bytes");
        }

        /** A count of items, each at least one byte long, so a corrupt count cannot allocate much. */
        int count() {
            int n = varint();
            need(n);
            return n;
        }

        byte[] bytes() {
            int n = varint();
            need(n);
            byte[] b = Arrays.copyOfRange(buf, pos, pos + n);
            pos += n;
            return b;
        }

        List<Range> ranges() {
            int n = count();
            List<Range> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                out.add(new Range(bytes(), bytes()));
            }
            return out;
        }
    }
}
