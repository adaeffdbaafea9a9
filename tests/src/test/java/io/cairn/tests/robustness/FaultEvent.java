package io.cairn.tests.robustness;

/**
 * A fault injected during a run, on the history's clock.
 *
 * @param kind the fault's name ({@code kill-leader}, {@code pause-random}, ...)
 * @param target the node it hit
 * @param startNanos when it was injected
 * @param endNanos when it was healed (the node restarted or resumed)
 * @param detail what was done, readable
 */
public record FaultEvent(String kind, String target, long startNanos, long endNanos, String detail) {
    /** One readable line. */
    public String describe() {
        return String.format("[%s..%s ms] %s %s: %s", Op.millis(startNanos), Op.millis(endNanos), kind, target,
                detail);
    }
}
