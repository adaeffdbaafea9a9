package io.cairn.backup;

import io.cairn.api.CairnException;
import io.cairn.api.ErrorCode;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * An exclusive lock on a file that keeps two runs of one job from overlapping, and names its
 * holder (job, PID, host, start time) in the file for whoever finds it taken.
 *
 * <p>The lock is an operating-system file lock, so the kernel releases it when the holder dies,
 * even by SIGKILL: a stale file never blocks the next run. Thread-safe; close it to release.
 */
public final class JobLock implements AutoCloseable {
    /** Who holds a lock: the job's name, the process id, the host and when it started. */
    public record Holder(String job, long pid, String host, Instant since) {
        /** Renders the holder for messages, e.g. {@code backup create (pid 4242 on db1, since 2026-...)}. */
        @Override
        public String toString() {
            return job + " (pid " + pid + " on " + host + ", since " + since + ")";
        }
    }

    /*
     * POSIX drops every lock a process holds on a file when the process closes any descriptor of
     * it, so this process never opens a file it already holds; GUARD serialises the checks.
     */
    private static final Object GUARD = new Object();
    private static final java.util.Set<Path> HELD = new java.util.HashSet<>();

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private JobLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock in {@code file} (created if needed) for {@code job} without waiting.
     *
     * @return the lock, or empty when another process or thread holds it; then {@link #holder}
     *     says who
     * @throws CairnException {@code io_error} (1510) when the file cannot be created or locked
     */
    public static Optional<JobLock> tryAcquire(Path file, String job) {
        synchronized (GUARD) {
            Path key = file.toAbsolutePath().normalize();
            if (HELD.contains(key)) {
                return Optional.empty();
            }
            Optional<JobLock> l = lock(file, job);
            l.ifPresent(x -> HELD.add(key));
            return l;
        }
    }

    private static Optional<JobLock> lock(Path file, String job) {
        FileChannel ch = null;
        try {
            ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock l;
            try {
                l = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                l = null;
            }
            if (l == null) {
                ch.close();
                return Optional.empty();
            }
            Holder me = new Holder(job, ProcessHandle.current().pid(), hostName(), Instant.now());
            byte[] text = Json.write(toJson(me)).getBytes(StandardCharsets.UTF_8);
            ch.truncate(0);
            ch.write(ByteBuffer.wrap(text), 0);
            ch.force(true);
            return Optional.of(new JobLock(file, ch, l));
        } catch (IOException e) {
            if (ch != null) {
                try {
                    ch.close();
                } catch (IOException ignored) {
                    // The lock failed already; that is the error to report.
                }
            }
            throw new CairnException(ErrorCode.IO_ERROR, "cannot lock " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Who holds the lock in {@code file}, as the holder wrote it; empty when the file is absent,
     * not locked, or does not name a holder yet. Does not block.
     */
    public static Optional<Holder> holder(Path file) {
        if (!isHeld(file)) {
            return Optional.empty();
        }
        return readHolder(file);
    }

    /** Whether some live process (this one included) holds the lock in {@code file}. Does not block. */
    public static boolean isHeld(Path file) {
        synchronized (GUARD) {
            return HELD.contains(file.toAbsolutePath().normalize()) || heldByOther(file);
        }
    }

    private static boolean heldByOther(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            FileLock l;
            try {
                l = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                return true;
            }
            if (l == null) {
                return true;
            }
            l.release();
            return false;
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            // Cannot open it for writing (read-only media, permissions): nobody can hold it either.
            return false;
        }
    }

    private static Optional<Holder> readHolder(Path file) {
        try {
            Object doc = Json.parse(Files.readString(file, StandardCharsets.UTF_8));
            if (doc instanceof Map<?, ?> m && m.get("pid") instanceof Long pid) {
                return Optional.of(new Holder(String.valueOf(m.get("job")), pid, String.valueOf(m.get("host")),
                        Instant.parse(String.valueOf(m.get("since")))));
            }
        } catch (IOException | RuntimeException e) {
            // Being written this very moment, or damaged: the holder is unknown.
        }
        return Optional.empty();
    }

    private static Map<String, Object> toJson(Holder h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("job", h.job());
        m.put("pid", h.pid());
        m.put("host", h.host());
        m.put("since", h.since().toString());
        return m;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown-host";
        }
    }

    /** The lock file. */
    public Path file() {
        return file;
    }

    /** Releases the lock and deletes the file when {@code delete}; never throws. Idempotent. */
    public void release(boolean delete) {
        synchronized (GUARD) {
            if (channel.isOpen()) {
                unlock(delete);
                HELD.remove(file.toAbsolutePath().normalize());
            }
        }
    }

    private void unlock(boolean delete) {
        try {
            if (delete) {
                Files.deleteIfExists(file);
            }
        } catch (IOException ignored) {
            // The lock is released below all the same; a leftover file is harmless.
        }
        try {
            if (lock.isValid()) {
                lock.release();
            }
            channel.close();
        } catch (IOException ignored) {
            // Closing the channel releases the lock in any case.
        }
    }

    /** Releases the lock, keeping the file so that a waiting run never races a re-created one. */
    @Override
    public void close() {
        release(false);
    }
}
