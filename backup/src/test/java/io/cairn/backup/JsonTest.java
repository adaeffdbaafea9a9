package io.cairn.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The small JSON reader reads back what the writer writes and rejects malformed text with its offset. */
class JsonTest {
    @Test
    void roundTripsNestedValues() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("s", "quote \" backslash \\ newline \n tab \t control \u0001 é");
        m.put("n", -42L);
        m.put("d", 1.5);
        m.put("b", true);
        m.put("z", null);
        m.put("l", List.of(1L, List.of(), Map.of()));
        assertEquals(m, Json.parse(Json.write(m)));
    }

    @Test
    void malformedTextIsRejectedWithItsOffset() {
        for (String bad : List.of("{", "{\"a\" 1}", "[1,]", "\"abc", "tru", "{\"a\":1} x", "[1 2]", "\"\\q\"")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Json.parse(bad), bad);
            assertEquals(true, e.getMessage().contains("offset"), e.getMessage());
        }
    }
}
