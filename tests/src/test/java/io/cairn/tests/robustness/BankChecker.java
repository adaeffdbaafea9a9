package io.cairn.tests.robustness;

import io.cairn.commands.output.JsonWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks a bank history: transfers between accounts in transactions, and reads of every balance
 * in one transaction. Every successful read must show exactly the accounts, none negative, adding
 * up to the starting total: a read that saw half of a transfer, a lost or doubled transfer, or a
 * lost account all change the sum or the set.
 *
 * <p>Operations: {@code read} with result a map from account to balance; {@code transfer} with
 * value {@code [from, to, amount]} (transfers only matter through the reads).
 */
public final class BankChecker {
    private final Set<String> accounts;
    private final long total;

    /** A checker for {@code accounts} whose balances add up to {@code total}. */
    public BankChecker(Set<String> accounts, long total) {
        this.accounts = new TreeSet<>(accounts);
        this.total = total;
    }

    /** Checks every successful read of {@code history}. */
    public CheckResult check(List<Op> history) {
        List<String> problems = new ArrayList<>();
        List<Op> window = List.of();
        int reads = 0;
        int transfers = 0;
        for (Op o : history) {
            if (o.f().equals("transfer") && o.outcome() == Op.Outcome.OK) {
                transfers++;
            }
            if (!o.f().equals("read") || o.outcome() != Op.Outcome.OK) {
                continue;
            }
            reads++;
            String wrong = judge(o);
            if (wrong != null) {
                problems.add("read #" + o.index() + " " + wrong + ": " + JsonWriter.write(o.result()));
                if (window.isEmpty()) {
                    window = history.stream().filter(x -> x == o || (x.f().equals("transfer") && x.overlaps(o)))
                            .toList();
                }
            }
        }
        String summary = reads + " reads of " + accounts.size() + " accounts, " + transfers + " acknowledged transfers";
        if (reads == 0) {
            return new CheckResult("bank", CheckResult.Verdict.UNKNOWN, summary, List.of("no read succeeded"), List.of());
        }
        return new CheckResult("bank", problems.isEmpty() ? CheckResult.Verdict.VALID : CheckResult.Verdict.INVALID,
                summary, problems, window);
    }

    private String judge(Op read) {
        @SuppressWarnings("unchecked")
        Map<String, Long> balances = (Map<String, Long>) read.result();
        if (!balances.keySet().equals(accounts)) {
            return "saw accounts " + new TreeSet<>(balances.keySet()) + " instead of " + accounts;
        }
        long sum = 0;
        for (Map.Entry<String, Long> e : balances.entrySet()) {
            if (e.getValue() < 0) {
                return "saw a negative balance in " + e.getKey();
            }
            sum += e.getValue();
        }
        return sum == total ? null : "saw a total of " + sum + " instead of " + total;
    }
}
