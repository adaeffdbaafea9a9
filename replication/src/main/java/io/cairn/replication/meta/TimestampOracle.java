package io.cairn.replication.meta;

import io.cairn.api.CairnException;
import io.cairn.api.ErrorCode;

/**
 * Hands out strictly increasing timestamps on the meta group's leader, in batches: it reserves a
 * limit ahead through the meta group's log ({@link MetaCommand.ReserveTimestamps}) and hands out
 * timestamps below it from memory. A new leader starts at the reserved limit, above everything any
 * earlier leader could have handed out, so no timestamp is handed out twice across leader changes
 * or restarts (the batch an old leader had not used up is skipped).
 *
 * <p>Thread-safe; {@link #next} blocks. Each call confirms this member's leadership with a majority
 * first, so a deposed leader that has not noticed yet hands out nothing: timestamps grow in the
 * real-time order of the calls, whichever member answers them.
 */
public final class TimestampOracle {
    /** Timestamps reserved at once unless configured. */
    public static final long DEFAULT_BATCH = 10_000;
    /** The first timestamp ever handed out: 0 stays free to mean "none". */
    public static final long FIRST = 1;
    /** The largest number of timestamps one call may ask for. */
    public static final int MAX_COUNT = 1 << 20;

    private final MetaGroup meta;
    private final long batch;
    /** The next timestamp to hand out, valid while {@link #term} is the group's term. */
    private long next;
    /** The limit this leader reserved: timestamps below it and at or above {@link #next} are its own. */
    private long limit;
    /** The term in which {@link #next} and {@link #limit} were reserved; -1 before the first. */
    private long term = -1;

    /** An oracle on {@code meta} reserving {@code batch} timestamps at a time. */
    public TimestampOracle(MetaGroup meta, long batch) {
        if (batch < 1) {
            throw new IllegalArgumentException("the batch must be positive, not " + batch);
        }
        this.meta = meta;
        this.batch = batch;
    }

    /** An oracle on {@code meta} reserving {@link #DEFAULT_BATCH} timestamps at a time. */
    public TimestampOracle(MetaGroup meta) {
        this(meta, DEFAULT_BATCH);
    }

    /**
     * Hands out {@code count} consecutive timestamps and returns the first: every one is larger
     * than any handed out before by this or any other leader, and at least {@link #FIRST}. Blocks up to {@code timeoutMillis}.
     *
     * @throws CairnException 1201 when this member does not lead the meta group, 1200 when its
     *     leadership or a reservation could not be confirmed in time, 2000 for a bad count
     */
    public synchronized long next(int count, long timeoutMillis) {
        if (count < 1 || count > MAX_COUNT) {
            throw new CairnException(ErrorCode.INVALID_ARGUMENT, "timestamps come 1 to " + MAX_COUNT
                    + " at a time, not " + count);
        }
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        // Confirmed leadership: every reservation committed before, by any leader, is applied here.
        meta.read(timeoutMillis);
        long now = meta.raft().term();
        // A limit in the log other than this leader's own means someone else reserved (a leader of a
        // later term, or another oracle on this member): start again above it.
        while (now != term || next + count > limit || meta.localState().timestampLimit() != limit) {
            long want = Math.addExact(Math.max(meta.localState().timestampLimit(), now == term ? limit : 0),
                    Math.max(count, batch));
            long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
            MetaGroup.Answer a = meta.proposeForAnswer(new MetaCommand.ReserveTimestamps(want), left);
            if (now != term || a.previousTimestampLimit() != limit) {
                // A new term, or a reservation by another leader came in between: start above every
                // reservation applied before this one (the log orders them), so above anything any
                // leader may have handed out. What this member had left of its batch is skipped.
                next = Math.max(FIRST, a.previousTimestampLimit());
                term = now;
            }
            limit = a.state().timestampLimit();
        }
        long first = next;
        next += count;
        return first;
    }
}
