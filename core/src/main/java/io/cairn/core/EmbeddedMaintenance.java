package io.cairn.core;

import io.cairn.api.Bytes;
import io.cairn.api.CairnException;
import io.cairn.api.Database;
import io.cairn.api.Range;
import io.cairn.storage.StorageEngine;
import io.cairn.storage.StorageEntry;
import io.cairn.storage.StorageException;
import io.cairn.storage.StorageIterator;
import io.cairn.storage.StorageSnapshot;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Compaction and integrity checks of an embedded database: compaction is the backend's own,
 * online; the check reads every backend entry from one snapshot (key order, the durable-version
 * record) and every record of the write-ahead log (checksums, version order). Thread-safe.
 */
final class EmbeddedMaintenance implements Database.Maintenance {
    private final StorageEngine backend;
    private final Path logDirectory;

    EmbeddedMaintenance(StorageEngine backend, Path logDirectory) {
        this.backend = backend;
        this.logDirectory = logDirectory;
    }

    @Override
    public void compact(Range range) {
        try {
            backend.compact(range.begin(), range.end());
        } catch (StorageException e) {
            throw Errors.of(e);
        }
    }

    @Override
    public CheckReport check() {
        Map<String, Long> counts = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        checkBackend(counts, problems);
        try {
            long[] log = LogSegments.verify(logDirectory, problems);
            counts.put("logRecords", log[0]);
            counts.put("logBytes", log[1]);
        } catch (IOException e) {
            problems.add("log: cannot read " + logDirectory + ": " + e.getMessage());
        }
        return new CheckReport(counts, problems);
    }

    private void checkBackend(Map<String, Long> counts, List<String> problems) {
        long keys = 0;
        long bytes = 0;
        byte[] prev = null;
        try (StorageSnapshot snap = backend.snapshot(); StorageIterator it = snap.iterator(Bytes.EMPTY, null, false)) {
            while (it.hasNext()) {
                StorageEntry e = it.next();
                if (prev != null && Bytes.compare(prev, e.key()) >= 0) {
                    problems.add("backend: key '" + Bytes.printable(e.key()) + "' is out of order after '"
                            + Bytes.printable(prev) + "'");
                }
                prev = e.key();
                keys++;
                bytes += e.key().length + e.value().length;
            }
            byte[] durable = snap.get(SystemKeys.DURABLE_VERSION);
            if (durable != null && durable.length != 8) {
                problems.add("backend: the durable-version record is " + durable.length + " bytes, not 8");
            }
        } catch (StorageException | CairnException e) {
            problems.add("backend: reading failed after " + keys + " entries"
                    + (prev == null ? "" : " (last good key '" + Bytes.printable(prev) + "')") + ": " + e.getMessage());
        }
        counts.put("backendEntries", keys);
        counts.put("backendBytes", bytes);
    }
}
