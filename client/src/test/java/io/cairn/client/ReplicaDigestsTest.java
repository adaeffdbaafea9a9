package io.cairn.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The comparison of per-replica slice hashes, with hand-made results. */
class ReplicaDigestsTest {
    private static final String H1 = "11".repeat(32);
    private static final String H2 = "22".repeat(32);

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static Map<String, ReplicaDigests.Slice> slices(ReplicaDigests.Slice... s) {
        Map<String, ReplicaDigests.Slice> m = new LinkedHashMap<>();
        for (int i = 0; i < s.length; i++) {
            m.put("n" + i, s[i]);
        }
        return m;
    }

    @Test
    void agreeingReplicasHaveNoProblemsAndEqualDigests() {
        ReplicaDigests d = new ReplicaDigests();
        ReplicaDigests.Slice s = new ReplicaDigests.Slice(10, 100, H1);
        d.add(b("a"), b("m"), 7, slices(s, s, s));
        d.add(b("m"), b("z"), 8, slices(s, s, s));
        assertTrue(d.problems().isEmpty(), d.problems().toString());
        assertEquals(2, d.slices());
        assertEquals(20, d.keys("n1"));
        assertEquals(200, d.bytes("n2"));
        assertEquals(d.digest("n0"), d.digest("n2"));
    }

    @Test
    void aDifferentHashOrCountNamesTheSliceVersionAndEveryReplica() {
        ReplicaDigests d = new ReplicaDigests();
        d.add(b("a"), b("m"), 7, slices(new ReplicaDigests.Slice(10, 100, H1), new ReplicaDigests.Slice(10, 100, H1),
                new ReplicaDigests.Slice(10, 101, H2)));
        d.add(b("m"), b("z"), 8, slices(new ReplicaDigests.Slice(5, 50, H1), new ReplicaDigests.Slice(6, 50, H1),
                new ReplicaDigests.Slice(5, 50, H1)));
        assertEquals(2, d.problems().size(), d.problems().toString());
        String first = d.problems().get(0);
        assertTrue(first.contains("['a', 'm') at version 7") && first.contains("n2 has 10 keys (101 bytes, hash 222222222222)"),
                first);
        assertTrue(d.problems().get(1).contains("n1 has 6 keys"), d.problems().get(1));
        assertNotEquals(d.digest("n0"), d.digest("n2"));
    }

    @Test
    void manyDifferingSlicesAreListedUpToALimitAndCounted() {
        ReplicaDigests d = new ReplicaDigests();
        for (int i = 0; i < ReplicaDigests.MAX_REPORTED + 5; i++) {
            d.add(b("k" + i), b("k" + i + "x"), i, slices(new ReplicaDigests.Slice(1, 1, H1),
                    new ReplicaDigests.Slice(1, 1, H2)));
        }
        d.problem("n3 could not be reached");
        assertEquals(ReplicaDigests.MAX_REPORTED + 2, d.problems().size());
        assertTrue(d.problems().get(d.problems().size() - 1).contains("5 more slice(s)"));
    }
}
