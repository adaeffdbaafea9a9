package io.cairn.ycsb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.api.Bytes;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The record layout: keys per table, and the field encoding. */
class RecordsTest {
    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void theValueIsEachFieldSortedByNameWithItsLengths() {
        Map<String, byte[]> fields = new LinkedHashMap<>();
        fields.put("b", utf8("xy"));
        fields.put("a", new byte[0]);
        byte[] expected = {0, 1, 'a', 0, 0, 0, 0, 0, 1, 'b', 0, 0, 0, 2, 'x', 'y'};
        assertArrayEquals(expected, Records.encode(fields));
        assertArrayEquals(new byte[0], Records.encode(Map.of()));
    }

    @Test
    void randomRecordsRoundTripAndSubsetsDecodeOnlyTheirFields() {
        Random rnd = new Random(42);
        for (int n = 0; n < 200; n++) {
            TreeMap<String, byte[]> fields = new TreeMap<>();
            for (int i = rnd.nextInt(12); i > 0; i--) {
                byte[] v = new byte[rnd.nextInt(300)];
                rnd.nextBytes(v);
                fields.put("field" + rnd.nextInt(20) + (rnd.nextBoolean() ? "é" : ""), v);
            }
            TreeMap<String, byte[]> back = Records.decode(Records.encode(fields), null);
            assertEquals(fields.keySet(), back.keySet());
            fields.forEach((k, v) -> assertArrayEquals(v, back.get(k), k));
            Set<String> wanted = Set.of("field3", "field7", "absent");
            TreeMap<String, byte[]> some = Records.decode(Records.encode(fields), wanted);
            assertTrue(wanted.containsAll(some.keySet()));
            fields.keySet().stream().filter(wanted::contains).forEach(k -> assertArrayEquals(fields.get(k), some.get(k)));
        }
    }

    @Test
    void truncatedOrOverlongValuesAreRejected() {
        byte[] good = Records.encode(Map.of("field0", utf8("value")));
        for (int cut = 1; cut < good.length; cut++) {
            byte[] bad = java.util.Arrays.copyOf(good, cut);
            assertThrows(IllegalArgumentException.class, () -> Records.decode(bad, null), "cut at " + cut);
        }
        byte[] negative = {0, 1, 'a', (byte) 0xff, 0, 0, 0};
        assertThrows(IllegalArgumentException.class, () -> Records.decode(negative, null));
    }

    @Test
    void aTablesKeysSitInsideItsRangeAndOtherTablesOutside() {
        byte[] k = Records.key("ycsb/", "usertable", "user12");
        assertArrayEquals(utf8("ycsb/usertable/user12"), k);
        assertTrue(Records.table("ycsb/", "usertable").contains(k));
        assertTrue(!Records.table("ycsb/", "user").contains(k));
        assertTrue(!Records.table("ycsb/", "usertable2").contains(Records.key("ycsb/", "usertable", "x")));
        assertTrue(Bytes.compare(Records.key("ycsb/", "t", "user1"), Records.key("ycsb/", "t", "user2")) < 0);
        assertTrue(!Records.validTable("a/b") && !Records.validTable("") && Records.validTable("usertable"));
    }
}
