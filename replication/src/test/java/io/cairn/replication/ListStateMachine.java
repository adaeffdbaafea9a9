package io.cairn.replication;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A state machine that appends entries "N:payload" to a list, skipping N it already holds, the
 * way Cairn's engine skips records at or below its durable version.
 */
final class ListStateMachine implements ReplicatedStateMachine {
    final List<String> applied = new ArrayList<>();
    volatile long lastSeq;

    @Override
    public synchronized byte[] apply(byte[] entry) {
        String s = new String(entry, StandardCharsets.UTF_8);
        long seq = Long.parseLong(s.substring(0, s.indexOf(':')));
        if (seq <= lastSeq) {
            return new byte[0];
        }
        if (seq != lastSeq + 1) {
            throw new IllegalStateException("sequence gap: " + lastSeq + " then " + seq);
        }
        lastSeq = seq;
        applied.add(s.substring(s.indexOf(':') + 1));
        return Long.toString(seq).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public synchronized byte[] query(byte[] query) {
        return String.join(",", applied).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void checkpoint(DataOutput out) throws IOException {
        out.writeLong(lastSeq);
    }

    @Override
    public void install(DataInput in) throws IOException {
        in.readLong();
    }

    synchronized List<String> snapshot() {
        return List.copyOf(applied);
    }
}
