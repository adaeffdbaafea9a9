package org.jgroups.protocols.raft;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/**
 * jgroups-raft's {@link FileBasedLog} whose current term never goes back, on disk or in memory.
 *
 * <p>{@code FileBasedLog} keeps one "current term" for two things: Raft's current term (which
 * must only grow, and decides whether a member may vote) and the term of its last entry. It writes
 * the latter over the former when it appends entries of an earlier term (a follower catching up),
 * removes entries (a conflict; 0 when the whole log goes) or installs a snapshot. A member that
 * restarted after that started at the older term, and could vote a second time in a term it had
 * already voted in, or follow a leader already deposed.
 *
 * <p>Here the current term is also kept in a file of its own, written only when the term grows
 * (forced when the log is), and the current term read is the greater of the two. Logs written
 * before this class existed simply have no such file yet. Used as RAFT's {@code log_class}.
 */
public class MonotonicFileLog extends FileBasedLog {
    /** The file, in the log's directory, that holds the highest term this member reached. */
    static final String TERM_FILE = "cairn-term.raft";
    private static final long CHECK = 0x5a5a_c3c3_a5a5_3c3cL;

    private FileChannel termChannel;
    private Path termFile;
    private volatile long term;
    private volatile boolean fsync = true;

    /** For RAFT, which instantiates its log class by name. */
    public MonotonicFileLog() {
    }

    @Override
    public void init(String logName, Map<String, String> args) throws Exception {
        super.init(logName, args);
        termFile = Path.of(logName, TERM_FILE);
        termChannel = FileChannel.open(termFile, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        term = readTerm();
        if (term < super.currentTerm()) {
            writeTerm(super.currentTerm()); // a log from before this file existed
        }
    }

    private long readTerm() throws IOException {
        long size = termChannel.size();
        if (size == 0) {
            return 0;
        }
        ByteBuffer b = ByteBuffer.allocate(16);
        while (b.hasRemaining() && termChannel.read(b, b.position()) > 0) {
            // read until full or end of file
        }
        b.flip();
        if (b.remaining() != 16) {
            throw new IOException(termFile + " is damaged: " + size + " bytes instead of 16; refusing to start at an"
                    + " unknown Raft term");
        }
        long t = b.getLong();
        if ((t ^ CHECK) != b.getLong()) {
            throw new IOException(termFile + " is damaged (check mismatch); refusing to start at an unknown Raft term");
        }
        return t;
    }

    @Override
    public Log useFsync(boolean value) {
        fsync = value;
        return super.useFsync(value);
    }

    @Override
    public long currentTerm() {
        return Math.max(term, super.currentTerm());
    }

    /** Moves the current term to {@code newTerm} if it is later; an earlier or equal term changes nothing. */
    @Override
    public synchronized Log currentTerm(long newTerm) {
        if (newTerm > currentTerm()) {
            writeTerm(newTerm);
            super.currentTerm(newTerm);
        }
        return this;
    }

    private void writeTerm(long newTerm) {
        try {
            ByteBuffer b = ByteBuffer.allocate(16).putLong(newTerm).putLong(newTerm ^ CHECK).flip();
            while (b.hasRemaining()) {
                termChannel.write(b, b.position());
            }
            if (fsync) {
                termChannel.force(false);
            }
            term = newTerm;
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the Raft term to " + termFile, e);
        }
    }

    @Override
    public void delete() {
        try {
            closeTermFile();
            if (termFile != null) {
                Files.deleteIfExists(termFile);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        term = 0;
        super.delete();
    }

    @Override
    public void close() {
        try {
            closeTermFile();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } finally {
            super.close();
        }
    }

    private void closeTermFile() throws IOException {
        if (termChannel != null) {
            termChannel.close();
            termChannel = null;
        }
    }
}
