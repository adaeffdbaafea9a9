package io.cairn.tests.robustness;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks that every acknowledged write is present at the end, and nothing else is.
 *
 * <p>Operations: {@code put} of a unique key (each put also adds one to a counter in the same
 * transaction), and one final {@code final-read} whose result is a map with {@code keys} (every
 * key present) and {@code counter} (the counter's value). A put acknowledged but absent is lost; a
 * key present that no put wrote is a phantom; a counter other than the number of keys present
 * means some transaction was applied twice or only in part.
 */
public final class DurabilityChecker {
    /** Checks {@code history}; without a successful final read the verdict is unknown. */
    public CheckResult check(List<Op> history) {
        Set<String> acknowledged = new TreeSet<>();
        Set<String> maybe = new HashSet<>();
        Op finalRead = null;
        for (Op o : history) {
            if (o.f().equals("put") && o.outcome() == Op.Outcome.OK) {
                acknowledged.add(o.key());
            } else if (o.f().equals("put") && o.outcome() == Op.Outcome.UNKNOWN) {
                maybe.add(o.key());
            } else if (o.f().equals("final-read") && o.outcome() == Op.Outcome.OK) {
                finalRead = o;
            }
        }
        if (finalRead == null) {
            return new CheckResult("durability", CheckResult.Verdict.UNKNOWN, acknowledged.size()
                    + " acknowledged puts", List.of("no final read succeeded"), List.of());
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> result = (Map<String, Object>) finalRead.result();
        @SuppressWarnings("unchecked")
        Set<String> present = new TreeSet<>((List<String>) result.get("keys"));
        long counter = ((Number) result.get("counter")).longValue();
        List<String> problems = new ArrayList<>();
        Set<String> lost = new TreeSet<>(acknowledged);
        lost.removeAll(present);
        if (!lost.isEmpty()) {
            problems.add(lost.size() + " acknowledged puts lost: " + sample(lost));
        }
        Set<String> phantom = new TreeSet<>(present);
        phantom.removeAll(acknowledged);
        phantom.removeAll(maybe);
        if (!phantom.isEmpty()) {
            problems.add(phantom.size() + " keys present that no put wrote: " + sample(phantom));
        }
        if (counter != present.size()) {
            problems.add("the counter is " + counter + " but " + present.size()
                    + " keys are present: some put was applied twice or in part");
        }
        List<Op> window = problems.isEmpty() ? List.of() : history.stream()
                .filter(o -> o.f().equals("final-read")
                        || (o.key() != null && (lost.contains(o.key()) || phantom.contains(o.key()))))
                .toList();
        String summary = acknowledged.size() + " acknowledged puts, " + maybe.size() + " unknown, " + present.size()
                + " present at the end";
        return new CheckResult("durability", problems.isEmpty() ? CheckResult.Verdict.VALID
                : CheckResult.Verdict.INVALID, summary, problems, window);
    }

    private static String sample(Set<String> keys) {
        List<String> l = new ArrayList<>(keys);
        return (l.size() > 10 ? l.subList(0, 10) + " ..." : l.toString());
    }
}
