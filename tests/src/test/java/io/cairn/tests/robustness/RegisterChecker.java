package io.cairn.tests.robustness;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Checks that a history of register operations is linearizable, key by key (linearizability is
 * local, so each key is checked alone).
 *
 * <p>Operations: {@code read} (result: the value, or null when absent), {@code write} (value: the
 * value), {@code cas} (value: {@code [expected, new]}; result: whether it swapped). Registers start
 * absent. The search is Wing and Gong's, with Lowe's memoisation of (linearized set, state) as in
 * porcupine: it tries to linearize an operation whose invocation precedes every pending return, and
 * backtracks at a return it could not reach. An operation with an unknown outcome has no return: it
 * may take effect at any point after its invocation, or never. Failed operations and reads without
 * a result take no part. The search is bounded by a step budget; running out gives
 * {@link CheckResult.Verdict#UNKNOWN}, never valid.
 */
public final class RegisterChecker {
    /** The default step budget per key. */
    public static final long DEFAULT_BUDGET = 2_000_000;

    private static final Object NO = new Object();

    private final long budget;

    /** A checker with {@code budget} search steps per key. */
    public RegisterChecker(long budget) {
        this.budget = budget;
    }

    /** Checks every key of {@code history} (operations of other kinds are ignored). */
    public CheckResult check(List<Op> history) {
        Map<String, List<Op>> byKey = new TreeMap<>();
        for (Op o : history) {
            if (takesPart(o)) {
                byKey.computeIfAbsent(o.key(), k -> new ArrayList<>()).add(o);
            }
        }
        CheckResult.Verdict verdict = CheckResult.Verdict.VALID;
        List<String> problems = new ArrayList<>();
        List<Op> window = List.of();
        int ops = 0;
        for (Map.Entry<String, List<Op>> e : byKey.entrySet()) {
            ops += e.getValue().size();
            CheckResult.Verdict v = search(e.getValue());
            if (v == CheckResult.Verdict.INVALID) {
                List<Op> w = smallestFailingPrefix(e.getValue());
                problems.add("key " + e.getKey() + " is not linearizable; the shortest failing prefix of its history"
                        + " has " + w.size() + " operations and ends at " + describeEnd(w));
                if (window.isEmpty()) {
                    window = w;
                }
            } else if (v == CheckResult.Verdict.UNKNOWN) {
                problems.add("key " + e.getKey() + ": search budget of " + budget + " steps ran out over "
                        + e.getValue().size() + " operations");
            }
            verdict = verdict.and(v);
        }
        String summary = ops + " register operations over " + byKey.size() + " keys";
        return new CheckResult("linearizable-register", verdict, summary, problems, window);
    }

    private static String describeEnd(List<Op> w) {
        Op last = w.stream().filter(o -> o.completeNanos() != Long.MAX_VALUE)
                .max(Comparator.comparingLong(Op::completeNanos)).orElse(w.get(w.size() - 1));
        return "#" + last.index();
    }

    private static boolean takesPart(Op o) {
        if (!List.of("read", "write", "cas").contains(o.f()) || o.outcome() == Op.Outcome.FAIL) {
            return false;
        }
        return !(o.f().equals("read") && o.outcome() != Op.Outcome.OK);
    }

    /**
     * The shortest prefix (by completion time) that is already not linearizable: operations
     * invoked before the cut, those still running at the cut counted as unknown. Adding operations
     * or knowledge never makes a history linearizable again, so a binary search finds it.
     */
    private List<Op> smallestFailingPrefix(List<Op> ops) {
        List<Long> cuts = ops.stream().map(Op::completeNanos).filter(t -> t != Long.MAX_VALUE).sorted().toList();
        int lo = 0;
        int hi = cuts.size() - 1;
        List<Op> best = ops;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            List<Op> prefix = prefix(ops, cuts.get(mid));
            if (search(prefix) == CheckResult.Verdict.INVALID) {
                best = prefix;
                hi = mid - 1;
            } else {
                lo = mid + 1;
            }
        }
        return best;
    }

    private static List<Op> prefix(List<Op> ops, long cut) {
        List<Op> out = new ArrayList<>();
        for (Op o : ops) {
            if (o.invokeNanos() > cut) {
                continue;
            }
            if (o.completeNanos() <= cut) {
                out.add(o);
            } else if (!o.f().equals("read")) {
                out.add(new Op(o.index(), o.client(), o.workload(), o.f(), o.key(), o.value(), o.invokeNanos(),
                        Long.MAX_VALUE, Op.Outcome.UNKNOWN, null, "running at the cut"));
            }
        }
        return out;
    }

    /** Applies {@code op} to {@code state}: the new state, or {@link #NO} when it cannot be linearized there. */
    private static Object step(Object state, Op op) {
        switch (op.f()) {
            case "read":
                return Objects.equals(state, op.result()) ? state : NO;
            case "write":
                return op.value();
            case "cas": {
                List<?> v = (List<?>) op.value();
                boolean matches = Objects.equals(state, v.get(0));
                if (op.outcome() == Op.Outcome.UNKNOWN) {
                    // An unknown compare-and-set that did not match changed nothing: the same as never applying it.
                    return matches ? v.get(1) : NO;
                }
                boolean swapped = Boolean.TRUE.equals(op.result());
                if (swapped != matches) {
                    return NO;
                }
                return swapped ? v.get(1) : state;
            }
            default:
                throw new IllegalArgumentException("not a register operation: " + op.f());
        }
    }

    /** One call or return in the doubly linked list of the search. */
    private static final class Entry {
        final int op;
        final boolean call;
        final long time;
        Entry match;
        Entry prev;
        Entry next;

        Entry(int op, boolean call, long time) {
            this.op = op;
            this.call = call;
            this.time = time;
        }
    }

    private record Memo(BitSet linearized, Object state) {}

    private record Frame(Entry entry, Object state, BitSet linearized) {}

    CheckResult.Verdict search(List<Op> ops) {
        List<Entry> entries = new ArrayList<>();
        int required = 0;
        for (int i = 0; i < ops.size(); i++) {
            Op o = ops.get(i);
            Entry call = new Entry(i, true, o.invokeNanos());
            entries.add(call);
            if (o.outcome() == Op.Outcome.OK) {
                Entry ret = new Entry(i, false, o.completeNanos());
                call.match = ret;
                entries.add(ret);
                required++;
            }
        }
        // At equal times calls come first: such operations overlap, which allows more orders.
        entries.sort(Comparator.comparingLong((Entry e) -> e.time).thenComparing(e -> !e.call));
        Entry head = new Entry(-1, false, Long.MIN_VALUE);
        Entry last = head;
        for (Entry e : entries) {
            last.next = e;
            e.prev = last;
            last = e;
        }
        Set<Memo> seen = new HashSet<>();
        Deque<Frame> stack = new ArrayDeque<>();
        BitSet linearized = new BitSet(ops.size());
        Object state = null;
        Entry entry = head.next;
        long steps = 0;
        while (required > 0) {
            if (++steps > budget) {
                return CheckResult.Verdict.UNKNOWN;
            }
            if (entry != null && entry.call) {
                Op op = ops.get(entry.op);
                Object next = step(state, op);
                if (next != NO) {
                    BitSet after = (BitSet) linearized.clone();
                    after.set(entry.op);
                    if (seen.add(new Memo(after, next))) {
                        stack.push(new Frame(entry, state, linearized));
                        state = next;
                        linearized = after;
                        if (entry.match != null) {
                            required--;
                        }
                        lift(entry);
                        entry = head.next;
                        continue;
                    }
                }
                entry = entry.next;
            } else {
                // A return of an operation not yet linearized (or the end): undo the last choice.
                if (stack.isEmpty()) {
                    return CheckResult.Verdict.INVALID;
                }
                Frame f = stack.pop();
                state = f.state();
                linearized = f.linearized();
                if (f.entry().match != null) {
                    required++;
                }
                unlift(f.entry());
                entry = f.entry().next;
            }
        }
        return CheckResult.Verdict.VALID;
    }

    private static void lift(Entry call) {
        remove(call);
        if (call.match != null) {
            remove(call.match);
        }
    }

    private static void unlift(Entry call) {
        if (call.match != null) {
            reinsert(call.match);
        }
        reinsert(call);
    }

    private static void remove(Entry e) {
        e.prev.next = e.next;
        if (e.next != null) {
            e.next.prev = e.prev;
        }
    }

    private static void reinsert(Entry e) {
        e.prev.next = e;
        if (e.next != null) {
            e.next.prev = e;
        }
    }
}
