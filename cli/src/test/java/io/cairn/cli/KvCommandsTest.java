package io.cairn.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.commands.ExitCodes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class KvCommandsTest {
    @TempDir
    Path tmp;
    Harness h;

    @BeforeEach
    void setUp() {
        h = new Harness(tmp);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void putThenGetInEveryFormat() {
        Harness.Result put = h.run("put", "greeting", "hello world");
        assertEquals(0, put.code(), put.err());
        assertTrue(put.out().startsWith("put 'greeting' (committed at version "), put.out());
        assertEquals("hello world\n", h.run("get", "greeting").out());
        assertEquals("{\"key\":\"greeting\",\"value\":\"hello world\"}\n", h.run("get", "greeting", "-o", "json").out());
        assertEquals("{\"key\":\"greeting\",\"value\":\"hello world\"}\n", h.run("-o", "json", "get", "greeting").out());
        assertArrayEquals(bytes("hello world"), h.run("get", "-o", "raw", "greeting").outBytes());
        Harness.Result json = h.run("put", "k", "v", "-o", "json");
        assertTrue(json.out().matches("\\{\"op\":\"put\",\"committed\":true,\"version\":\\d+,\"key\":\"k\"}\n"), json.out());
    }

    @Test
    void binaryValuesAreEscapedInTextExplicitInJsonAndExactInRaw() {
        assertEquals(0, h.run("put", "bin\\x00", "\\xff\\x00a\\\\").code());
        assertEquals("\\xff\\x00a\\\\\n", h.run("get", "bin\\x00").out());
        assertEquals("{\"key\":\"bin\\u0000\",\"value\":{\"base64\":\"/wBhXA==\"}}\n",
                h.run("get", "bin\\x00", "-o", "json").out());
        assertArrayEquals(new byte[] {(byte) 0xFF, 0, 'a', '\\'}, h.run("get", "bin\\x00", "-o", "raw").outBytes());
        assertEquals("{\"key\":{\"hex\":\"62696e00\"},\"value\":{\"hex\":\"ff00615c\"}}\n",
                h.run("get", "--hex", "62696e00", "-o", "json").out());
        assertEquals("/wBhXA==\n", h.run("get", "--base64", "YmluAA==").out());
        put("é", "ü");
        assertEquals("{\"key\":\"é\",\"value\":\"ü\"}\n", h.run("get", "é", "-o", "json").out());
    }

    private Harness put(String k, String v) {
        assertEquals(0, h.run("put", k, v).code());
        return h;
    }

    @Test
    void getOfAMissingKeyExitsWithNotFound() {
        Harness.Result r = h.run("get", "nothing");
        assertEquals(ExitCodes.NOT_FOUND, r.code());
        assertEquals("", r.out());
        assertEquals("cairn: key 'nothing' not found\n", r.err());
        assertEquals("{\"key\":\"nothing\",\"value\":null}\n", h.run("get", "nothing", "-o", "json").out());
    }

    @Test
    void putReadsValueFromFileOrStdinByteExact() throws Exception {
        byte[] data = new byte[256];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) i;
        }
        Path f = tmp.resolve("value.bin");
        Files.write(f, data);
        assertEquals(0, h.run("put", "f", "--file", f.toString()).code());
        assertArrayEquals(data, h.run("get", "f", "-o", "raw").outBytes());
        assertEquals(0, h.run(data, false, "put", "s", "-").code());
        assertArrayEquals(data, h.run("get", "s", "-o", "raw").outBytes());
        assertEquals(0, h.run(bytes("piped"), false, "put", "p", "--file", "-").code());
        assertEquals("piped\n", h.run("get", "p").out());
    }

    @Test
    void unreadableValueFileIsAnIoErrorAndWritesNothing() {
        Harness.Result r = h.run("put", "k", "--file", tmp.resolve("missing").toString());
        assertEquals(ExitCodes.IO_ERROR, r.code());
        assertTrue(r.err().contains("no such file: " + tmp.resolve("missing")), r.err());
        assertEquals(0, h.db.commits());
    }

    @Test
    void oversizeKeyOrValueIsAUsageErrorAndWritesNothing() throws Exception {
        Harness.Result r = h.run("put", "k".repeat(10_001), "v");
        assertEquals(ExitCodes.USAGE, r.code());
        assertTrue(r.err().contains("key_too_large (2102): key is 10001 bytes; the limit is 10000"), r.err());
        Path big = tmp.resolve("big");
        Files.write(big, new byte[100_001]);
        r = h.run("put", "k", "--file", big.toString());
        assertEquals(ExitCodes.USAGE, r.code());
        assertTrue(r.err().contains("value_too_large (2103): value from " + big + " is 100001 bytes"), r.err());
        assertEquals(0, h.db.commits());
    }

    @Test
    void badEscapesAndBadArgumentsAreUsageErrors() {
        Harness.Result r = h.run("put", "a\\x4", "v");
        assertEquals(ExitCodes.USAGE, r.code());
        assertTrue(r.err().contains("invalid escape in key 'a\\x4' at byte 2"), r.err());
        r = h.run("put", "k");
        assertEquals(ExitCodes.USAGE, r.code());
        assertTrue(r.err().contains("put needs a VALUE or --file PATH"), r.err());
        r = h.run("get");
        assertEquals(ExitCodes.USAGE, r.code());
        assertTrue(r.err().contains("Missing required parameter: 'KEY'"), r.err());
        assertTrue(r.err().contains("Run 'cairn help get' for usage."), r.err());
        r = h.run("put", "--hex", "abc", "00");
        assertEquals(ExitCodes.USAGE, r.code());
        assertTrue(r.err().contains("odd number of digits"), r.err());
        r = h.run("get", "k", "--hex", "--base64");
        assertEquals(ExitCodes.USAGE, r.code());
        assertTrue(r.err().contains("--hex and --base64 cannot be combined"), r.err());
        r = h.run("get", "k", "--timeout", "soon");
        assertEquals(ExitCodes.USAGE, r.code());
        assertTrue(r.err().contains("timeout 'soon' is not a duration"), r.err());
        r = h.run("put", "\\xff", "v");
        assertEquals(ExitCodes.USAGE, r.code());
        assertTrue(r.err().contains("key_outside_legal_range"), r.err());
        assertEquals(0, h.db.commits());
        assertEquals(0, h.opens, "bad input never opens the database");
    }

    @Test
    void unknownCommandsAndOptionsGetSuggestions() {
        Harness.Result r = h.run("gt", "k");
        assertEquals(ExitCodes.USAGE, r.code());
        assertTrue(r.err().startsWith("cairn: unknown command 'gt'; did you mean 'get'?"), r.err());
        r = h.run("scan", "--limt", "3");
        assertEquals(ExitCodes.USAGE, r.code());
        assertTrue(r.err().contains("unknown option '--limt' for cairn scan; did you mean '--limit'?"), r.err());
        assertEquals("", r.out());
    }

    @Test
    void deleteRemovesAKey() {
        put("a", "1");
        Harness.Result r = h.run("delete", "a");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("deleted 'a'"), r.out());
        assertEquals(ExitCodes.NOT_FOUND, h.run("get", "a").code());
        assertEquals(0, h.run("delete", "a").code(), "deleting a missing key is not an error");
    }

    @Test
    void clearRangeNeedsConfirmation() {
        put("a", "1");
        put("b", "2");
        put("c", "3");
        Harness.Result r = h.run("clear-range", "a", "c");
        assertEquals(ExitCodes.USAGE, r.code());
        assertTrue(r.err().contains("add --yes"), r.err());
        assertEquals(3, h.db.snapshot().size());
        r = h.run(bytes("n\n"), true, "clear-range", "a", "c");
        assertEquals(ExitCodes.CANCELLED, r.code());
        assertTrue(r.err().contains("Remove every key in ['a', 'c')? [y/N]"), r.err());
        assertEquals(3, h.db.snapshot().size());
        r = h.run(bytes("y\n"), true, "clear-range", "a", "b");
        assertEquals(0, r.code(), r.err());
        assertEquals(2, h.db.snapshot().size());
        r = h.run("clear-range", "b", "\\xff", "--yes");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("cleared ['b', '\\xff')"), r.out());
        assertEquals(0, h.db.snapshot().size());
        assertEquals(ExitCodes.USAGE, h.run("clear-range", "z", "a", "--yes").code());
    }
}
