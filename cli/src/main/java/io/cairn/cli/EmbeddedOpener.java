package io.cairn.cli;

import io.cairn.api.CairnException;
import io.cairn.api.Database;
import io.cairn.api.ErrorCode;
import io.cairn.api.Range;
import io.cairn.core.DatabaseConfig;
import io.cairn.core.DatabaseStatus;
import io.cairn.core.EmbeddedDatabase;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Opens the embedded database in the configured data directory, with the configured backend,
 * MVCC window, sync setting and backend options.
 */
final class EmbeddedOpener implements DatabaseOpener {
    /** Keys counted exactly by {@code status}; beyond this it reports a lower bound. */
    static final int COUNT_LIMIT = 10_000;

    @Override
    public Opened open(Settings settings, Environment env) {
        Path dir = settings.dataDir(env);
        try {
            Files.createDirectories(dir);
        } catch (AccessDeniedException e) {
            throw new CairnException(ErrorCode.IO_ERROR, "cannot create the data directory " + dir
                    + ": permission denied; choose another with --data-dir or CAIRN_DATA_DIR", e);
        } catch (FileSystemException e) {
            throw new CairnException(ErrorCode.IO_ERROR, "cannot create the data directory " + dir + ": "
                    + (e.getReason() == null ? e.getClass().getSimpleName() : e.getReason()), e);
        } catch (IOException e) {
            throw new CairnException(ErrorCode.IO_ERROR, "cannot create the data directory " + dir + ": " + e, e);
        }
        if (!Files.isWritable(dir)) {
            throw new CairnException(ErrorCode.IO_ERROR, "the data directory " + dir
                    + " is not writable; choose another with --data-dir or CAIRN_DATA_DIR");
        }
        DatabaseConfig config = DatabaseConfig.builder(dir)
                .backend(settings.get("backend"))
                .mvccWindow(settings.mvccWindow())
                .sync(settings.sync())
                .backendOptions(settings.backendOptions())
                .build();
        EmbeddedDatabase db;
        try {
            db = EmbeddedDatabase.open(config);
        } catch (CairnException e) {
            if (e.error() == ErrorCode.DATABASE_LOCKED) {
                throw new CairnException(ErrorCode.DATABASE_LOCKED, "the data directory " + dir
                        + " is in use by another process (" + e.getMessage() + "). An embedded database "
                        + "belongs to one process at a time; to share it, start a node on it "
                        + "(cairn node start --name NAME --data " + dir + " --initial-members NAME=HOST:PORT:PEER_PORT) and point clients "
                        + "at it with --cluster HOST:PORT", e);
            }
            throw e;
        }
        return new Opened() {
            @Override
            public Database database() {
                return db;
            }

            @Override
            public Map<String, Object> status() {
                DatabaseStatus s = db.status();
                Map<String, Object> m = new LinkedHashMap<>();
                int keys = db.read(tx -> tx.snapshot().getRange(Range.ALL, COUNT_LIMIT + 1, false).size());
                m.put("keys", Math.min(keys, COUNT_LIMIT));
                if (keys > COUNT_LIMIT) {
                    m.put("keys-note", "at least; status counts keys up to " + COUNT_LIMIT);
                }
                m.put("size-bytes", s.approximateSizeBytes());
                m.put("log-bytes", s.logSizeBytes());
                m.put("committed-version", s.lastCommittedVersion());
                m.put("durable-version", s.durableVersion());
                if (s.recoveryWarning() != null) {
                    m.put("recovery-warning", s.recoveryWarning());
                }
                return m;
            }
        };
    }
}
