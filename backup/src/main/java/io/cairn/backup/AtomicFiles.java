package io.cairn.backup;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/** Durable file writes: data forced to disk, atomic replacement, directory entries forced. Thread-safe. */
final class AtomicFiles {
    private AtomicFiles() {}

    /** Writes {@code bytes[0, length)} to a new file {@code file} and forces it to disk; blocks. */
    static void writeDurably(Path file, byte[] bytes, int length) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer buf = ByteBuffer.wrap(bytes, 0, length);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        }
    }

    /**
     * Makes {@code file} hold {@code bytes} all at once: writes a temporary file beside it, forces
     * it, renames it over {@code file} atomically and forces the directory. A crash at any point
     * leaves either no {@code file} (or the old one) or the complete new one. Blocks.
     */
    static void replaceAtomically(Path file, byte[] bytes) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        writeDurably(tmp, bytes, bytes.length);
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.deleteIfExists(tmp);
            throw new IOException("the file system of " + file + " cannot rename atomically", e);
        }
        forceDirectory(file.toAbsolutePath().getParent());
    }

    /** Forces the entries of {@code dir} (creations, renames) to disk where the platform allows it. */
    static void forceDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // Some platforms cannot open a directory for reading; there renames are durable anyway.
            if (!System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("win")) {
                throw e;
            }
        }
    }
}
