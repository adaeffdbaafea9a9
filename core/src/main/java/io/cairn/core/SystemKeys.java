package io.cairn.core;

import io.cairn.storage.StorageEngine;
import io.cairn.storage.StorageEntry;
import io.cairn.storage.StorageIterator;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The engine's bookkeeping keys in the backend, all under the system prefix {@code 0xFF} that no
 * user key can reach: the durable version and the versions of rejected records still needed to
 * rebuild the conflict history at recovery. Thread-safe (stateless).
 */
final class SystemKeys {
    /** The version the backend holds all data at, 8 bytes big-endian. */
    static final byte[] DURABLE_VERSION = key("\u00ffcairn/durable-version");
    /** Prefix of {@code prefix + version (8 bytes big-endian)}: a record at that version was rejected. */
    static final byte[] REJECTED = key("\u00ffcairn/rejected/");
    /** Present while the backend is being replaced by a copy of another replica: its data is incomplete. */
    static final byte[] RESTORING = key("\u00ffcairn/restoring");

    private SystemKeys() {}

    private static byte[] key(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    static byte[] rejected(long version) {
        byte[] k = Arrays.copyOf(REJECTED, REJECTED.length + 8);
        ByteBuffer.wrap(k, REJECTED.length, 8).putLong(version);
        return k;
    }

    static byte[] encodeVersion(long version) {
        return ByteBuffer.allocate(8).putLong(version).array();
    }

    /** Whether {@code backend} has never been opened by an engine (it has no durable version). */
    static boolean isNew(StorageEngine backend) {
        return backend.get(DURABLE_VERSION) == null;
    }

    /** The durable version stored in {@code backend}, 0 for a new database. */
    static long readDurableVersion(StorageEngine backend) {
        byte[] v = backend.get(DURABLE_VERSION);
        return v == null ? 0 : ByteBuffer.wrap(v).getLong();
    }

    /** Deletes every key of {@code backend} except {@link #RESTORING}, in one batch. */
    static void clearAllButRestoring(StorageEngine backend, boolean sync) {
        byte[] last;
        try (StorageIterator it = backend.iterator(new byte[0], null, true)) {
            last = it.hasNext() ? it.next().key() : null;
        }
        if (last == null) {
            return;
        }
        byte[] afterRestoring = Arrays.copyOf(RESTORING, RESTORING.length + 1);
        io.cairn.storage.WriteBatch b = new io.cairn.storage.WriteBatch().deleteRange(new byte[0], RESTORING);
        byte[] end = Arrays.copyOf(last, last.length + 1);
        if (io.cairn.api.Bytes.compare(afterRestoring, end) < 0) {
            b.deleteRange(afterRestoring, end);
        }
        backend.write(b, sync);
    }

    /** The rejected versions recorded in {@code backend}. */
    static List<Long> readRejected(StorageEngine backend) {
        List<Long> out = new ArrayList<>();
        try (StorageIterator it = backend.iterator(REJECTED, rejected(Long.MAX_VALUE), false)) {
            while (it.hasNext()) {
                StorageEntry e = it.next();
                out.add(ByteBuffer.wrap(e.key(), REJECTED.length, 8).getLong());
            }
        }
        return out;
    }
}
