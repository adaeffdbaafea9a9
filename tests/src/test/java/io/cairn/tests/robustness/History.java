package io.cairn.tests.robustness;

import io.cairn.commands.output.JsonWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Records a run's operations and faults on one monotonic clock. Thread-safe: clients record
 * concurrently. An operation is recorded at its invocation ({@link #invoke}) and completed once
 * through the returned {@link Pending}; one never completed counts as unknown.
 */
public final class History {
    private final long originNanos = System.nanoTime();
    private final AtomicLong nextIndex = new AtomicLong();
    private final List<Op> ops = new ArrayList<>();
    private final List<Pending> pending = new ArrayList<>();
    private final List<FaultEvent> faults = new ArrayList<>();

    /** Nanoseconds since the history began. */
    public long now() {
        return System.nanoTime() - originNanos;
    }

    /** Records the invocation of an operation; complete it through the returned handle. */
    public Pending invoke(int client, String workload, String f, String key, Object value) {
        Pending p = new Pending(nextIndex.getAndIncrement(), client, workload, f, key, value, now());
        synchronized (this) {
            pending.add(p);
        }
        return p;
    }

    /** Records a fault that was injected at {@code startNanos} and healed now. */
    public synchronized void fault(String kind, String target, long startNanos, String detail) {
        faults.add(new FaultEvent(kind, target, startNanos, now(), detail));
    }

    /** The operations so far, by invocation; those not yet completed as unknown. */
    public synchronized List<Op> ops() {
        List<Op> out = new ArrayList<>(ops);
        for (Pending p : pending) {
            out.add(p.op(now(), Op.Outcome.UNKNOWN, null, "never completed"));
        }
        out.sort(Comparator.comparingLong(Op::invokeNanos).thenComparingLong(Op::index));
        return out;
    }

    /** The operations of one workload, by invocation. */
    public List<Op> ops(String workload) {
        return ops().stream().filter(o -> o.workload().equals(workload)).toList();
    }

    /** The faults so far, by start. */
    public synchronized List<FaultEvent> faults() {
        List<FaultEvent> out = new ArrayList<>(faults);
        out.sort(Comparator.comparingLong(FaultEvent::startNanos));
        return out;
    }

    /** Writes every operation and fault as one JSON object a line, by time. */
    public void writeJsonLines(Path file) throws IOException {
        List<Map.Entry<Long, String>> lines = new ArrayList<>();
        for (Op o : ops()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("type", "op");
            m.put("index", o.index());
            m.put("client", o.client());
            m.put("workload", o.workload());
            m.put("f", o.f());
            m.put("key", o.key());
            m.put("value", o.value());
            m.put("invoke_ms", o.invokeNanos() / 1e6);
            m.put("complete_ms", o.completeNanos() == Long.MAX_VALUE ? null : o.completeNanos() / 1e6);
            m.put("outcome", o.outcome().name().toLowerCase());
            m.put("result", o.result());
            m.put("error", o.error());
            lines.add(Map.entry(o.invokeNanos(), JsonWriter.write(m)));
        }
        for (FaultEvent e : faults()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("type", "fault");
            m.put("kind", e.kind());
            m.put("target", e.target());
            m.put("start_ms", e.startNanos() / 1e6);
            m.put("end_ms", e.endNanos() / 1e6);
            m.put("detail", e.detail());
            lines.add(Map.entry(e.startNanos(), JsonWriter.write(m)));
        }
        lines.sort(Map.Entry.comparingByKey());
        try (Writer w = Files.newBufferedWriter(file)) {
            for (Map.Entry<Long, String> l : lines) {
                w.write(l.getValue());
                w.write('\n');
            }
        }
    }

    /** An invoked operation awaiting completion; complete it exactly once. */
    public final class Pending {
        private final long index;
        private final int client;
        private final String workload;
        private final String f;
        private final String key;
        private final Object value;
        private final long invokeNanos;

        private Pending(long index, int client, String workload, String f, String key, Object value, long invokeNanos) {
            this.index = index;
            this.client = client;
            this.workload = workload;
            this.f = f;
            this.key = key;
            this.value = value;
            this.invokeNanos = invokeNanos;
        }

        /** It completed with {@code result}. */
        public void ok(Object result) {
            complete(Op.Outcome.OK, result, null);
        }

        /** It certainly took no effect. */
        public void fail(String error) {
            complete(Op.Outcome.FAIL, null, error);
        }

        /** It may or may not have taken effect. */
        public void unknown(String error) {
            complete(Op.Outcome.UNKNOWN, null, error);
        }

        private void complete(Op.Outcome outcome, Object result, String error) {
            long t = now();
            synchronized (History.this) {
                if (!pending.remove(this)) {
                    throw new IllegalStateException("operation " + index + " completed twice");
                }
                ops.add(op(t, outcome, result, error));
            }
        }

        private Op op(long t, Op.Outcome outcome, Object result, String error) {
            long complete = outcome == Op.Outcome.UNKNOWN ? Long.MAX_VALUE : t;
            return new Op(index, client, workload, f, key, value, invokeNanos, complete, outcome, result, error);
        }
    }
}
