package io.cairn.commands.bench;

import java.util.Locale;

/**
 * The workloads of {@code cairn bench}: what one operation does, and whether the keys must exist
 * before the run starts.
 */
enum Workload {
    /** Sets one key to a new value. */
    PUT(false, "sets one key to a new value"),
    /** Reads one existing key. */
    GET(true, "reads one existing key"),
    /** A read with probability --read-fraction, otherwise a put. */
    MIXED(true, "a get with probability --read-fraction, otherwise a put"),
    /** Reads --scan-length keys in order from a chosen key. */
    SCAN(true, "reads --scan-length keys in order from a chosen key"),
    /** One transaction of --txn-reads gets and --txn-writes puts. */
    TXN(true, "one transaction of --txn-reads gets and --txn-writes puts"),
    /** Moves money between two accounts; the total is checked at the end. */
    BANK(true, "moves an amount between two accounts; checks at the end that the total is unchanged"),
    /** YCSB core workload A: 50% reads, 50% updates. */
    YCSB_A(true, "YCSB A: 50% reads, 50% updates"),
    /** YCSB core workload B: 95% reads, 5% updates. */
    YCSB_B(true, "YCSB B: 95% reads, 5% updates"),
    /** YCSB core workload C: reads only. */
    YCSB_C(true, "YCSB C: reads only"),
    /** YCSB core workload E: 95% short scans, 5% inserts. */
    YCSB_E(true, "YCSB E: 95% scans of 1 to --scan-length keys, 5% inserts"),
    /** YCSB core workload F: 50% reads, 50% read-modify-writes. */
    YCSB_F(true, "YCSB F: 50% reads, 50% read-modify-writes in one transaction");

    private final boolean needsData;
    private final String description;

    Workload(boolean needsData, String description) {
        this.needsData = needsData;
        this.description = description;
    }

    /** Whether the keys must hold values before the run (they are loaded first unless --no-load). */
    boolean needsData() {
        return needsData;
    }

    /** What one operation does, for help. */
    String description() {
        return description;
    }

    /** The name on the command line, e.g. {@code ycsb-a}. */
    String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Whether this is a YCSB core workload, whose default distribution is zipfian. */
    boolean isYcsb() {
        return name().startsWith("YCSB");
    }

    /**
     * The workload called {@code label}.
     *
     * @throws IllegalArgumentException naming the known workloads when there is none
     */
    static Workload of(String label) {
        for (Workload w : values()) {
            if (w.label().equals(label.toLowerCase(Locale.ROOT))) {
                return w;
            }
        }
        StringBuilder known = new StringBuilder();
        for (Workload w : values()) {
            known.append(known.length() == 0 ? "" : ", ").append(w.label());
        }
        throw new IllegalArgumentException("unknown workload '" + label + "'; choose one of " + known);
    }
}
