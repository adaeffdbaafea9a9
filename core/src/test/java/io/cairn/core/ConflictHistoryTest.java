package io.cairn.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cairn.api.Bytes;
import io.cairn.api.Range;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The conflict history against a list of every write: the newest write in a range agrees. */
class ConflictHistoryTest {

    @Provide
    Arbitrary<List<Range>> writes() {
        Arbitrary<byte[]> keys = Arbitraries.of("", "a", "a\0", "ab", "b", "b\0", "ba", "c", "d").map(String::getBytes);
        Arbitrary<Range> ranges = Combinators.combine(keys, keys, Arbitraries.of(true, false))
                .as((b, e, point) -> point ? Range.single(b) : new Range(b, e));
        return ranges.list().ofMinSize(1).ofMaxSize(40);
    }

    @Property(tries = 300)
    void newestWriteMatchesABruteForceScan(@ForAll("writes") List<Range> writes, @ForAll("writes") List<Range> reads,
            @ForAll int pruneAt) {
        ConflictHistory h = new ConflictHistory();
        List<long[]> versions = new ArrayList<>();
        long horizon = 0;
        int prune = Math.floorMod(pruneAt, writes.size() + 1);
        for (int i = 0; i < writes.size(); i++) {
            h.add(writes.get(i), i + 1);
            if (i == prune) {
                horizon = i / 2;
                h.prune(horizon);
            }
        }
        for (Range r : reads) {
            long expected = 0;
            for (int i = 0; i < writes.size(); i++) {
                Range w = writes.get(i);
                boolean overlaps = Bytes.compare(w.begin(), r.end()) < 0 && Bytes.compare(r.begin(), w.end()) < 0
                        && !w.isEmpty() && !r.isEmpty();
                if (overlaps) {
                    expected = Math.max(expected, i + 1);
                }
            }
            long got = h.newestWrite(r);
            // Writes at or before the horizon may be forgotten (read as 0); newer ones never are.
            if (expected > horizon) {
                assertEquals(expected, got, "range " + r);
            } else {
                assertEquals(true, got <= horizon, "range " + r + " got " + got);
            }
        }
    }
}
