package io.cairn.core;

import io.cairn.api.CairnException;
import io.cairn.api.ErrorCode;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive lock on a database directory, held through a lock file, so that one process at a
 * time opens it. Thread-safe.
 */
final class DirectoryLock implements AutoCloseable {
    static final String FILE = "cairn.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private DirectoryLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Locks {@code dir}; does not wait.
     *
     * @throws CairnException 1601 naming the directory when another process or database holds it
     */
    static DirectoryLock acquire(Path dir) {
        FileChannel ch = null;
        try {
            ch = FileChannel.open(dir.resolve(FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock l = ch.tryLock();
            if (l == null) {
                throw locked(dir, null);
            }
            return new DirectoryLock(ch, l);
        } catch (OverlappingFileLockException e) {
            close(ch);
            throw locked(dir, e);
        } catch (IOException e) {
            close(ch);
            throw new CairnException(ErrorCode.IO_ERROR, "cannot lock database directory " + dir + ": " + e, e);
        } catch (CairnException e) {
            close(ch);
            throw e;
        }
    }

    private static CairnException locked(Path dir, Throwable cause) {
        return new CairnException(ErrorCode.DATABASE_LOCKED,
                "database directory " + dir + " is in use by another process (or already open in this one)", cause);
    }

    private static void close(FileChannel ch) {
        try {
            if (ch != null) {
                ch.close();
            }
        } catch (IOException ignored) {
            // Closing after a failure; the original error is reported.
        }
    }

    /** Releases the lock. Idempotent. */
    @Override
    public void close() {
        try {
            if (lock.isValid()) {
                lock.release();
            }
            channel.close();
        } catch (IOException ignored) {
            // The lock dies with the channel; nothing left to do.
        }
    }
}
