package io.cairn.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cairn.commands.output.JsonWriter;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonWriterTest {
    @Test
    void writesNestedValuesWithEscapes() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("s", "a\"b\\c\n\u0001\u007f é");
        m.put("n", 12L);
        m.put("b", true);
        m.put("z", null);
        m.put("l", Arrays.asList(1, "x", null));
        assertEquals("{\"s\":\"a\\\"b\\\\c\\n\\u0001\\u007f é\",\"n\":12,\"b\":true,\"z\":null,\"l\":[1,\"x\",null]}",
                JsonWriter.write(m));
        assertEquals("[]", JsonWriter.write(List.of()));
    }
}
