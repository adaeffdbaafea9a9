package io.cairn.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * An exclusive lock on a data directory, held for as long as one process uses it.
 *
 * <p>The lock is an OS file lock on {@value #FILE_NAME} inside the directory; the file records the
 * holder's PID, command line and start time so that a refused opener can say who holds it. The
 * OS drops the lock when the holder dies, even by {@code SIGKILL}, so a stale file never blocks.
 * A second lock on the same directory from the same process is refused too.
 *
 * <p>Thread-safe. {@link #acquire} does not block: it fails at once when the lock is taken.
 */
public final class DirectoryLock implements AutoCloseable {
    /** The name of the lock file inside the locked directory. */
    public static final String FILE_NAME = "cairn.lock";

    private static final int MAX_HOLDER_BYTES = 4096;
    /** "process PID (command line)" of this process, once {@link #describeCurrentProcess} has asked. */
    private static volatile String thisProcess;

    private final Path directory;
    private final FileChannel channel;
    private final FileLock lock;
    private boolean released;

    private DirectoryLock(Path directory, FileChannel channel, FileLock lock) {
        this.directory = directory;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Locks {@code directory}, creating it (and its parents) when missing.
     *
     * @throws StorageException {@code IO} naming the path when it is not a directory, cannot be
     *     created, read or written; {@code LOCKED} naming the path and the holder when another
     *     process, or another open engine in this process, holds it. Nothing is created or
     *     changed when the lock is refused.
     */
    public static DirectoryLock acquire(Path directory) {
        if (directory == null) {
            throw new StorageException(StorageException.Kind.INVALID, "data directory must not be null");
        }
        Path dir = directory.toAbsolutePath().normalize();
        checkDirectory(dir);
        Path file = dir.resolve(FILE_NAME);
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (IOException | SecurityException e) {
            throw new StorageException(StorageException.Kind.IO,
                    "cannot open lock file " + file + ": " + e.getMessage(), e);
        }
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        } catch (IOException e) {
            closeQuietly(channel);
            throw new StorageException(StorageException.Kind.IO, "cannot lock " + file + ": " + e.getMessage(), e);
        }
        if (lock == null) {
            String holder = readHolder(channel);
            closeQuietly(channel);
            throw new StorageException(StorageException.Kind.LOCKED,
                    "data directory " + dir + " is in use by " + holder
                            + "; stop that process or choose another directory");
        }
        try {
            byte[] me = describeCurrentProcess().getBytes(StandardCharsets.UTF_8);
            channel.truncate(0);
            // Not forced: the text only names the holder in messages, and a crash releases the lock anyway.
            channel.write(ByteBuffer.wrap(me), 0);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new StorageException(StorageException.Kind.IO, "cannot write lock file " + file + ": " + e.getMessage(), e);
        }
        return new DirectoryLock(dir, channel, lock);
    }

    private static void checkDirectory(Path dir) {
        if (Files.exists(dir)) {
            if (!Files.isDirectory(dir)) {
                throw new StorageException(StorageException.Kind.IO,
                        "data directory " + dir + " exists but is not a directory");
            }
        } else {
            try {
                Files.createDirectories(dir);
            } catch (FileAlreadyExistsException e) {
                throw new StorageException(StorageException.Kind.IO,
                        "cannot create data directory " + dir + ": " + e.getFile() + " exists and is not a directory", e);
            } catch (IOException | SecurityException e) {
                throw new StorageException(StorageException.Kind.IO,
                        "cannot create data directory " + dir + ": " + e, e);
            }
        }
        if (!Files.isReadable(dir) || !Files.isWritable(dir) || !Files.isExecutable(dir)) {
            throw new StorageException(StorageException.Kind.IO,
                    "data directory " + dir + " is not readable and writable by this user");
        }
    }

    /** What the lock file says about its holder, or a placeholder when it says nothing yet. */
    private static String readHolder(FileChannel channel) {
        try {
            ByteBuffer buf = ByteBuffer.allocate(MAX_HOLDER_BYTES);
            int n = channel.read(buf, 0);
            String text = n <= 0 ? "" : new String(buf.array(), 0, n, StandardCharsets.UTF_8).trim();
            return text.isEmpty() ? "another process (it has not recorded its PID yet)" : text.replace('\n', ' ');
        } catch (IOException e) {
            return "another process (its lock file cannot be read: " + e.getMessage() + ")";
        }
    }

    /** A one-line description of this process for the lock file: PID, command line, start time. */
    static String describeCurrentProcess() {
        String process = thisProcess;
        if (process == null) {
            // Asked once: it reads /proc and the user database, and an embedded database takes two locks.
            ProcessHandle self = ProcessHandle.current();
            ProcessHandle.Info info = self.info();
            String command = info.commandLine().orElseGet(() -> info.command().orElse("unknown command"));
            if (command.length() > 1000) {
                // Long class paths sit in the middle; the program and its arguments are at the end.
                command = command.substring(0, 300) + " ... " + command.substring(command.length() - 600);
            }
            process = "process " + self.pid() + " (" + command + ")";
            thisProcess = process;
        }
        return process + ", locked since " + Instant.now() + "\n";
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // Closing a channel we only read from; nothing to recover.
        }
    }

    /** The locked directory, absolute. */
    public Path directory() {
        return directory;
    }

    /** Whether this lock is still held. */
    public synchronized boolean isHeld() {
        return !released && lock.isValid();
    }

    /**
     * Releases the lock; the lock file stays (emptied) so that no other opener is left holding a
     * lock on a deleted file. Idempotent.
     */
    @Override
    public synchronized void close() {
        if (released) {
            return;
        }
        released = true;
        try {
            channel.truncate(0);
        } catch (IOException ignored) {
            // The holder line is only advice; the OS lock is what counts.
        }
        try {
            lock.release();
        } catch (IOException ignored) {
            // Closing the channel below releases the lock as well.
        }
        closeQuietly(channel);
    }
}
