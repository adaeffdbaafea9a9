package io.cairn.tests;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The fault kinds the runner knows, and the seeded schedule of a run. A fault is named
 * {@code kind-target}: the kind ({@code kill}, {@code pause}, {@code partition}, {@code disk},
 * {@code drop}, {@code member}) and whom it hits ({@code leader}, {@code random}).
 */
final class Faults {
    /** Every fault kind by name; register new kinds here. */
    static final Map<String, Fault> KINDS = kinds(new Fault.Kill(), new Fault.Pause(), new Fault.Partition(),
            new Fault.DiskFull(), new Fault.DropConnections(), new Fault.MembershipChange());

    /** Whom a fault hits. */
    enum Target { LEADER, RANDOM }

    /** A fault kind and its target, such as {@code kill-leader}. */
    record Spec(Fault fault, Target target) {
        String name() {
            return fault.name() + "-" + target.name().toLowerCase();
        }
    }

    /**
     * One fault of the schedule: when to inject it (ms after the load began), on which node when
     * the target is random (an index into the members), and for how long.
     */
    record Planned(long atMillis, Spec spec, int node, long holdMillis) {}

    private Faults() {}

    private static Map<String, Fault> kinds(Fault... faults) {
        Map<String, Fault> m = new LinkedHashMap<>();
        for (Fault f : faults) {
            m.put(f.name(), f);
        }
        return m;
    }

    /** Every fault name the runner accepts. */
    static List<String> names() {
        List<String> out = new ArrayList<>();
        for (String k : KINDS.keySet()) {
            for (Target t : Target.values()) {
                out.add(k + "-" + t.name().toLowerCase());
            }
        }
        return out;
    }

    /** Parses a comma-separated list of fault names; an unknown name is an error naming the known ones. */
    static List<Spec> parse(String list) {
        List<Spec> out = new ArrayList<>();
        for (String name : list.split(",")) {
            String n = name.trim();
            if (n.isEmpty()) {
                continue;
            }
            int dash = n.lastIndexOf('-');
            Fault f = dash < 0 ? null : KINDS.get(n.substring(0, dash));
            Target t = null;
            for (Target x : Target.values()) {
                if (dash >= 0 && x.name().equalsIgnoreCase(n.substring(dash + 1))) {
                    t = x;
                }
            }
            if (f == null || t == null) {
                throw new IllegalArgumentException("unknown fault '" + n + "'; known: " + String.join(", ", names()));
            }
            out.add(new Spec(f, t));
        }
        return out;
    }

    /**
     * The schedule of a run, a function of the seed alone: after a warm-up, one fault at a time,
     * separated by 1-4 s of calm and held for 1-5 s, until {@code durationMillis}.
     */
    static List<Planned> plan(long seed, long durationMillis, List<Spec> specs, int nodes) {
        List<Planned> out = new ArrayList<>();
        if (specs.isEmpty()) {
            return out;
        }
        Random r = new Random(seed);
        long t = 2000;
        while (true) {
            t += 1000 + r.nextInt(3000);
            long hold = 1000 + r.nextInt(4000);
            Spec spec = specs.get(r.nextInt(specs.size()));
            int node = r.nextInt(nodes);
            if (t + hold > durationMillis) {
                return out;
            }
            out.add(new Planned(t, spec, node, hold));
            t += hold;
        }
    }
}
