package io.cairn.server;

import io.cairn.api.CairnException;
import io.cairn.api.ErrorCode;
import io.cairn.core.Log;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Fault injection: the engine's log with a byte budget that stands for the free space of the
 * node's disk. Appends past the budget fail with {@code io_error} (1510) and "no space left on
 * device" before anything is proposed, so nothing reaches the Raft log; raising the budget again
 * (space freed) lets writes through. Used only on nodes started with fault injection allowed.
 *
 * <p>Only the leader appends, so this models a full disk on whichever node leads: commits stop
 * with a clear error while reads go on. Thread-safe.
 */
final class DiskBudgetLog implements Log {
    /** The budget meaning "space is not limited". */
    static final long UNLIMITED = -1;

    private final Log log;
    private final String node;
    private final AtomicLong remaining = new AtomicLong(UNLIMITED);

    DiskBudgetLog(Log log, String node) {
        this.log = log;
        this.node = node;
    }

    /** Allows {@code bytes} more bytes of records from now on ({@link #UNLIMITED}: no limit); 0 is a full disk. */
    void budget(long bytes) {
        remaining.set(bytes);
    }

    /** The bytes of records still allowed, or {@link #UNLIMITED}. */
    long remaining() {
        return remaining.get();
    }

    @Override
    public CompletableFuture<Object> append(byte[] record) {
        long left = remaining.getAndUpdate(r -> r == UNLIMITED || r < record.length ? r : r - record.length);
        if (left != UNLIMITED && left < record.length) {
            return CompletableFuture.failedFuture(new CairnException(ErrorCode.IO_ERROR, "no space left on device: "
                    + node + " cannot write a " + record.length + "-byte record (" + left + " bytes free); writes are"
                    + " refused until space is freed"));
        }
        return log.append(record);
    }

    @Override
    public void start(StateMachine stateMachine, long minVersion) {
        log.start(stateMachine, minVersion);
    }

    @Override
    public void release(long version) {
        log.release(version);
    }

    @Override
    public long sizeBytes() {
        return log.sizeBytes();
    }

    @Override
    public String recoveryWarning() {
        return log.recoveryWarning();
    }

    @Override
    public void close() {
        log.close();
    }
}
