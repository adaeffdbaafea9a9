package io.cairn.tests.robustness;

import java.util.List;

/**
 * What a checker concluded about a history.
 *
 * @param checker the checker's name
 * @param verdict valid, invalid, or unknown when the checker could not decide (its budget ran out)
 * @param summary one line: what was checked and the figures
 * @param problems one readable sentence per violation found; empty when valid
 * @param window for a violation, the smallest set of operations found that shows it; otherwise empty
 */
public record CheckResult(String checker, Verdict verdict, String summary, List<String> problems, List<Op> window) {
    /** A checker's verdict. */
    public enum Verdict {
        /** The history satisfies the model. */
        VALID,
        /** The checker ran out of its budget before deciding; not a pass. */
        UNKNOWN,
        /** The history violates the model. */
        INVALID;

        /** The worse of two verdicts. */
        public Verdict and(Verdict other) {
            return compareTo(other) >= 0 ? this : other;
        }
    }

    /** Copies the lists. */
    public CheckResult {
        problems = List.copyOf(problems);
        window = List.copyOf(window);
    }

    /** A valid result. */
    public static CheckResult valid(String checker, String summary) {
        return new CheckResult(checker, Verdict.VALID, summary, List.of(), List.of());
    }

    /** Whether the history satisfies the model. */
    public boolean isValid() {
        return verdict == Verdict.VALID;
    }
}
