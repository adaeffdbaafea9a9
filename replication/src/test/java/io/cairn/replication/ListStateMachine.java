package io.cairn.replication;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A state machine that appends entries to a list; "durable" up to a settable sequence number. */
final class ListStateMachine implements ReplicatedStateMachine {
    final List<String> applied = new ArrayList<>();
    volatile long durable;
    volatile long lastSeq;
    volatile boolean durableOnApply = true;

    @Override
    public synchronized byte[] apply(long seq, byte[] entry) {
        if (seq != lastSeq + 1 && lastSeq != 0) {
            throw new IllegalStateException("sequence gap: " + lastSeq + " then " + seq);
        }
        lastSeq = seq;
        applied.add(new String(entry, StandardCharsets.UTF_8));
        if (durableOnApply) {
            durable = seq;
        }
        return Long.toString(seq).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public synchronized byte[] query(byte[] query) {
        return String.join(",", applied).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public long durableSeq() {
        return durable;
    }

    @Override
    public void checkpoint(DataOutput out) throws IOException {
        durable = lastSeq;
        out.writeLong(lastSeq);
    }

    @Override
    public long install(DataInput in) throws IOException {
        return in.readLong();
    }

    synchronized List<String> snapshot() {
        return List.copyOf(applied);
    }
}
