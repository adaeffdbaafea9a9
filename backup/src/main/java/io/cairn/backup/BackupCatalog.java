package io.cairn.backup;

import io.cairn.api.CairnException;
import io.cairn.api.ErrorCode;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Lists the backups in a backup root directory and tells complete ones from incomplete ones.
 * Thread-safe (stateless); methods block on I/O.
 */
public final class BackupCatalog {
    /** The state of one backup directory. */
    public enum State {
        /** Its manifest is present and readable: it can be verified and restored. */
        COMPLETE,
        /** A live process is still writing it. */
        IN_PROGRESS,
        /** It has no manifest and nobody is writing it: the backup was interrupted. */
        INCOMPLETE,
        /** Its manifest is present but cannot be read. */
        DAMAGED
    }

    /**
     * One backup directory.
     *
     * @param name the directory's name
     * @param directory its path
     * @param state whether it is complete
     * @param manifest its manifest when {@link State#COMPLETE}, else null
     * @param startedAt when the directory was created
     * @param bytesOnDisk the size of its files
     * @param detail for an in-progress backup who writes it, for a damaged one what is wrong; else null
     */
    public record Entry(String name, Path directory, State state, Manifest manifest, Instant startedAt,
            long bytesOnDisk, String detail) {}

    private BackupCatalog() {}

    /**
     * The backups under {@code root}, oldest first.
     *
     * @throws CairnException {@code io_error} (1510) when {@code root} cannot be read
     */
    public static List<Entry> list(Path root) {
        if (!Files.isDirectory(root)) {
            throw new CairnException(ErrorCode.IO_ERROR, "backup directory " + root + " does not exist");
        }
        List<Entry> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(root, BackupFormat.NAME_PREFIX + "*")) {
            for (Path dir : ds) {
                if (Files.isDirectory(dir)) {
                    out.add(inspect(dir));
                }
            }
        } catch (IOException e) {
            throw new CairnException(ErrorCode.IO_ERROR, "cannot list " + root + ": " + e.getMessage(), e);
        }
        out.sort(Comparator.comparing(Entry::startedAt).thenComparing(Entry::name));
        return out;
    }

    /** Inspects one backup directory; blocks on I/O. */
    public static Entry inspect(Path dir) {
        String name = dir.getFileName().toString();
        Instant started = startedAt(dir);
        long size = sizeOf(dir);
        if (Files.exists(dir.resolve(BackupFormat.MANIFEST))) {
            try {
                Manifest m = Manifest.read(dir);
                return new Entry(name, dir, State.COMPLETE, m, started, size, null);
            } catch (CairnException e) {
                return new Entry(name, dir, State.DAMAGED, null, started, size, e.getMessage());
            }
        }
        Optional<JobLock.Holder> holder = JobLock.holder(dir.resolve(BackupFormat.IN_PROGRESS));
        if (holder.isPresent() || JobLock.isHeld(dir.resolve(BackupFormat.IN_PROGRESS))) {
            return new Entry(name, dir, State.IN_PROGRESS, null, started, size,
                    holder.map(h -> "written by " + h).orElse("being written"));
        }
        return new Entry(name, dir, State.INCOMPLETE, null, started, size,
                "no manifest and no process writing it: the backup was interrupted");
    }

    private static final java.time.format.DateTimeFormatter NAME_TIME = java.time.format.DateTimeFormatter
            .ofPattern("yyyyMMdd-HHmmss-SSS").withZone(java.time.ZoneOffset.UTC);

    /** The start time in the directory's name, or else its file time. */
    private static Instant startedAt(Path dir) {
        String name = dir.getFileName().toString();
        int stamp = BackupFormat.NAME_PREFIX.length();
        if (name.length() >= stamp + 19) {
            try {
                return Instant.from(NAME_TIME.parse(name.substring(stamp, stamp + 19)));
            } catch (java.time.DateTimeException e) {
                // Renamed by hand: fall back to the file system's times.
            }
        }
        try {
            BasicFileAttributes a = Files.readAttributes(dir, BasicFileAttributes.class);
            return a.creationTime().toInstant().isAfter(Instant.EPOCH) ? a.creationTime().toInstant()
                    : a.lastModifiedTime().toInstant();
        } catch (IOException e) {
            return Instant.EPOCH;
        }
    }

    private static long sizeOf(Path dir) {
        long[] total = {0};
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    total[0] += attrs.size();
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException exc) {
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            return total[0];
        }
        return total[0];
    }

    /**
     * Deletes a backup directory: the manifest first, so that an interrupted delete leaves an
     * incomplete backup rather than a complete-looking damaged one, then everything else.
     *
     * @throws IOException when a file cannot be deleted
     */
    static void delete(Path dir) throws IOException {
        Files.deleteIfExists(dir.resolve(BackupFormat.MANIFEST));
        AtomicFiles.forceDirectory(dir);
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                if (exc != null && !(exc instanceof NoSuchFileException)) {
                    throw exc;
                }
                Files.deleteIfExists(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** Deletes a backup directory, ignoring failures; for cleaning up after a failed backup. */
    static void deleteQuietly(Path dir) {
        try {
            delete(dir);
        } catch (IOException | RuntimeException ignored) {
            // What remains has no manifest and is listed as incomplete.
        }
    }
}
