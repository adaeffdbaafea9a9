package io.cairn.tests.robustness;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Checks a list-append history (Jepsen's, after Elle) against serializability.
 *
 * <p>Operations are {@code txn}s whose value is a list of micro-operations {@code ["r", key, null]}
 * and {@code ["append", key, value]}; the result repeats them with each read's list filled in.
 * Appended values are unique, so every list read reveals the order in which the appends before it
 * were applied. The checker reports:
 * <ul>
 *   <li>duplicated appends (a value twice in one list);
 *   <li>incompatible orders (two reads of a key neither of which is a prefix of the other);
 *   <li>aborted reads (a value whose transaction certainly failed) and garbage (a value nobody appended);
 *   <li>lost appends (acknowledged but absent from the final read of its key);
 *   <li>cycles in the dependency graph over transactions: write-write (ww, from the list order),
 *       write-read (wr, the last value a read saw) and read-write anti-dependencies (rw, the value
 *       right after what a read saw); a cycle of ww only is G0, of ww and wr G1c, and with rw G2
 *       (G-single with one rw). Any cycle means no serial order explains the reads.
 * </ul>
 * A transaction whose outcome is unknown takes part in the graph when one of its values was read.
 * Transactions should read a key before appending to it, and append to a key at most once.
 */
public final class ListAppendChecker {
    private static final int WW = 1;
    private static final int WR = 2;
    private static final int RW = 4;

    /** Reads of one key by one transaction. */
    private record Read(Op op, String key, List<Long> values) {}

    /** Checks {@code history}; reads by {@link Op#FINAL_CLIENT} are the final state of their keys. */
    public CheckResult check(List<Op> history) {
        Map<String, Map<Long, Op>> writers = new HashMap<>();
        List<Read> reads = new ArrayList<>();
        Map<String, List<Long>> finals = new HashMap<>();
        int txns = 0;
        for (Op o : history) {
            if (!o.f().equals("txn")) {
                continue;
            }
            txns++;
            for (Object m : (List<?>) o.value()) {
                List<?> mop = (List<?>) m;
                if (mop.get(0).equals("append")) {
                    writers.computeIfAbsent((String) mop.get(1), k -> new HashMap<>())
                            .put(((Number) mop.get(2)).longValue(), o);
                }
            }
            if (o.outcome() != Op.Outcome.OK) {
                continue;
            }
            for (Object m : (List<?>) o.result()) {
                List<?> mop = (List<?>) m;
                if (mop.get(0).equals("r")) {
                    List<Long> values = new ArrayList<>();
                    for (Object v : (List<?>) mop.get(2)) {
                        values.add(((Number) v).longValue());
                    }
                    reads.add(new Read(o, (String) mop.get(1), values));
                    if (o.client() == Op.FINAL_CLIENT) {
                        finals.put((String) mop.get(1), values);
                    }
                }
            }
        }
        List<String> problems = new ArrayList<>();
        Set<Op> window = new LinkedHashSet<>();
        Map<String, List<Long>> orders = orders(reads, writers, problems, window);
        lostAppends(history, finals, problems, window);
        cycles(orders, reads, writers, problems, window);
        String summary = txns + " transactions, " + reads.size() + " list reads over " + orders.size() + " keys";
        return new CheckResult("list-append", problems.isEmpty() ? CheckResult.Verdict.VALID
                : CheckResult.Verdict.INVALID, summary, problems, new ArrayList<>(window));
    }

    /** Each key's version order (its longest read), after checking every read against it. */
    private static Map<String, List<Long>> orders(List<Read> reads, Map<String, Map<Long, Op>> writers,
                                                  List<String> problems, Set<Op> window) {
        Map<String, List<Long>> longest = new TreeMap<>();
        for (Read r : reads) {
            List<Long> cur = longest.get(r.key());
            if (cur == null || r.values().size() > cur.size()) {
                longest.put(r.key(), r.values());
            }
        }
        for (Read r : reads) {
            List<Long> order = longest.get(r.key());
            if (new HashSet<>(r.values()).size() != r.values().size()) {
                problems.add("duplicated append: txn #" + r.op().index() + " read " + r.key() + " = " + r.values());
                window.add(r.op());
            } else if (!order.subList(0, r.values().size()).equals(r.values())) {
                problems.add("incompatible orders of " + r.key() + ": txn #" + r.op().index() + " read " + r.values()
                        + ", which is not a prefix of " + order);
                window.add(r.op());
            }
            Map<Long, Op> w = writers.getOrDefault(r.key(), Map.of());
            for (Long v : r.values()) {
                Op writer = w.get(v);
                if (writer == null) {
                    problems.add("garbage read: txn #" + r.op().index() + " read " + v + " in " + r.key()
                            + ", which no transaction appended");
                    window.add(r.op());
                } else if (writer.outcome() == Op.Outcome.FAIL) {
                    problems.add("aborted read (G1a): txn #" + r.op().index() + " read " + v + " in " + r.key()
                            + ", appended by txn #" + writer.index() + ", which failed");
                    window.add(r.op());
                    window.add(writer);
                }
            }
        }
        return longest;
    }

    private static void lostAppends(List<Op> history, Map<String, List<Long>> finals, List<String> problems,
                                    Set<Op> window) {
        for (Op o : history) {
            if (!o.f().equals("txn") || o.outcome() != Op.Outcome.OK) {
                continue;
            }
            for (Object m : (List<?>) o.value()) {
                List<?> mop = (List<?>) m;
                List<Long> fin = finals.get((String) mop.get(1));
                if (mop.get(0).equals("append") && fin != null && !fin.contains(((Number) mop.get(2)).longValue())) {
                    problems.add("lost append: txn #" + o.index() + " appended " + mop.get(2) + " to " + mop.get(1)
                            + ", acknowledged, but the final read has " + fin);
                    window.add(o);
                }
            }
        }
    }

    private static void cycles(Map<String, List<Long>> orders, List<Read> reads, Map<String, Map<Long, Op>> writers,
                               List<String> problems, Set<Op> window) {
        Graph g = new Graph();
        for (Map.Entry<String, List<Long>> e : orders.entrySet()) {
            Map<Long, Op> w = writers.getOrDefault(e.getKey(), Map.of());
            List<Long> order = e.getValue();
            for (int i = 0; i + 1 < order.size(); i++) {
                g.add(w.get(order.get(i)), w.get(order.get(i + 1)), WW);
            }
        }
        for (Read r : reads) {
            List<Long> order = orders.get(r.key());
            Map<Long, Op> w = writers.getOrDefault(r.key(), Map.of());
            int n = r.values().size();
            if (n > 0) {
                g.add(w.get(r.values().get(n - 1)), r.op(), WR);
            }
            if (n < order.size() && order.subList(0, n).equals(r.values())) {
                g.add(r.op(), w.get(order.get(n)), RW);
            }
        }
        // As Elle does: look for the worst anomaly first, in the graph restricted to its edges.
        String[] names = {"G0 (write cycle)", "G1c (circular information flow)", "G2 (anti-dependency cycle)"};
        int[] masks = {WW, WW | WR, WW | WR | RW};
        Set<Long> reported = new HashSet<>();
        for (int i = 0; i < masks.length; i++) {
            for (List<Long> cycle : g.cycles(masks[i])) {
                if (reported.containsAll(cycle)) {
                    continue;
                }
                reported.addAll(cycle);
                String name = names[i];
                if (masks[i] == (WW | WR | RW) && g.onlyAntiDependencies(cycle) == 1) {
                    name = "G-single (read skew or lost update; G2 with one anti-dependency)";
                }
                problems.add(name + ": " + g.describe(cycle));
                cycle.forEach(n -> window.add(g.ops.get(n)));
            }
        }
    }

    /**
     * The dependency graph: edges between transactions, labelled with their kinds. Nodes are
     * boxed transaction numbers, compared with {@code equals} (numbers past 127 are distinct objects).
     */
    private static final class Graph {
        private final Map<Long, Map<Long, Integer>> out = new HashMap<>();
        private final Map<Long, Op> ops = new HashMap<>();

        void add(Op from, Op to, int kind) {
            if (from == null || to == null || from == to) {
                return;
            }
            ops.put(from.index(), from);
            ops.put(to.index(), to);
            out.computeIfAbsent(from.index(), k -> new HashMap<>()).merge(to.index(), kind, (a, b) -> a | b);
            out.computeIfAbsent(to.index(), k -> new HashMap<>());
        }

        private List<Long> successors(Long n, int mask) {
            List<Long> s = new ArrayList<>();
            for (Map.Entry<Long, Integer> e : out.getOrDefault(n, Map.of()).entrySet()) {
                if ((e.getValue() & mask) != 0) {
                    s.add(e.getKey());
                }
            }
            return s;
        }

        /** One shortest cycle through each strongly connected component of more than one node. */
        List<List<Long>> cycles(int mask) {
            List<List<Long>> found = new ArrayList<>();
            for (Set<Long> scc : components(mask)) {
                if (scc.size() > 1) {
                    found.add(shortestCycle(scc.iterator().next(), scc, mask));
                }
            }
            return found;
        }

        private List<Long> shortestCycle(Long start, Set<Long> scc, int mask) {
            Map<Long, Long> parent = new HashMap<>();
            ArrayList<Long> queue = new ArrayList<>(List.of(start));
            for (int i = 0; i < queue.size(); i++) {
                Long n = queue.get(i);
                for (Long s : successors(n, mask)) {
                    if (!scc.contains(s)) {
                        continue;
                    }
                    if (s.equals(start)) {
                        List<Long> cycle = new ArrayList<>();
                        for (Long c = n; !c.equals(start); c = parent.get(c)) {
                            cycle.add(0, c);
                        }
                        cycle.add(0, start);
                        return cycle;
                    }
                    if (!parent.containsKey(s)) {
                        parent.put(s, n);
                        queue.add(s);
                    }
                }
            }
            throw new IllegalStateException("a strongly connected component without a cycle");
        }

        /** Tarjan's strongly connected components, iteratively (histories are long). */
        private List<Set<Long>> components(int mask) {
            Map<Long, Integer> index = new HashMap<>();
            Map<Long, Integer> low = new HashMap<>();
            ArrayList<Long> stack = new ArrayList<>();
            Set<Long> onStack = new HashSet<>();
            List<Set<Long>> result = new ArrayList<>();
            int counter = 0;
            for (Long root : out.keySet()) {
                if (index.containsKey(root)) {
                    continue;
                }
                ArrayList<Long> work = new ArrayList<>(List.of(root));
                ArrayList<Integer> next = new ArrayList<>(List.of(0));
                Map<Long, List<Long>> succ = new HashMap<>();
                index.put(root, counter);
                low.put(root, counter++);
                stack.add(root);
                onStack.add(root);
                while (!work.isEmpty()) {
                    Long n = work.get(work.size() - 1);
                    List<Long> ss = succ.computeIfAbsent(n, k -> successors(k, mask));
                    int i = next.get(next.size() - 1);
                    if (i < ss.size()) {
                        next.set(next.size() - 1, i + 1);
                        Long s = ss.get(i);
                        if (!index.containsKey(s)) {
                            index.put(s, counter);
                            low.put(s, counter++);
                            stack.add(s);
                            onStack.add(s);
                            work.add(s);
                            next.add(0);
                        } else if (onStack.contains(s)) {
                            low.put(n, Math.min(low.get(n), index.get(s)));
                        }
                        continue;
                    }
                    work.remove(work.size() - 1);
                    next.remove(next.size() - 1);
                    if (!work.isEmpty()) {
                        Long p = work.get(work.size() - 1);
                        low.put(p, Math.min(low.get(p), low.get(n)));
                    }
                    if (low.get(n).equals(index.get(n))) {
                        Set<Long> scc = new HashSet<>();
                        Long x;
                        do {
                            x = stack.remove(stack.size() - 1);
                            onStack.remove(x);
                            scc.add(x);
                        } while (!x.equals(n));
                        result.add(scc);
                    }
                }
            }
            return result;
        }

        String describe(List<Long> cycle) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < cycle.size(); i++) {
                Long a = cycle.get(i);
                Long b = cycle.get((i + 1) % cycle.size());
                int kinds = out.get(a).get(b);
                List<String> k = new ArrayList<>();
                if ((kinds & WW) != 0) {
                    k.add("ww");
                }
                if ((kinds & WR) != 0) {
                    k.add("wr");
                }
                if ((kinds & RW) != 0) {
                    k.add("rw");
                }
                sb.append("#").append(a).append(" -").append(String.join("/", k)).append("-> ");
            }
            return sb.append("#").append(cycle.get(0)).toString();
        }

        /** How many edges of {@code cycle} are anti-dependencies and nothing else. */
        int onlyAntiDependencies(List<Long> cycle) {
            int n = 0;
            for (int i = 0; i < cycle.size(); i++) {
                if (out.get(cycle.get(i)).get(cycle.get((i + 1) % cycle.size())) == RW) {
                    n++;
                }
            }
            return n;
        }
    }
}
