package io.cairn.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class ScanCommandTest {
    @TempDir
    Path tmp;
    Harness h;

    @BeforeEach
    void setUp() {
        h = new Harness(tmp);
        StringBuilder batch = new StringBuilder();
        for (String k : new String[] {"apple", "apricot", "banana", "blueberry", "cherry"}) {
            batch.append("put ").append(k).append(' ').append(k.length()).append('\n');
        }
        assertEquals(0, h.runWithInput(batch.toString(), "txn").code());
    }

    @Test
    void scansAlignedTextInKeyOrder() {
        assertEquals("apple      5\napricot    7\nbanana     6\nblueberry  9\ncherry     6\n", h.run("scan").out());
        assertEquals("apple    5\napricot  7\n", h.run("scan", "--prefix", "ap").out());
        assertEquals("banana     6\nblueberry  9\n", h.run("scan", "--begin", "b", "--end", "c").out());
        assertEquals("cherry\nblueberry\n", h.run("scan", "--reverse", "--limit", "2", "--keys-only").out());
        assertEquals("5\n", h.run("scan", "--count").out());
        assertEquals("2\n", h.run("scan", "--count", "--prefix", "b").out());
    }

    @Test
    void scansAsJsonDocumentOrJsonLines() {
        assertEquals("{\"kvs\":[{\"key\":\"apple\",\"value\":\"5\"},{\"key\":\"apricot\",\"value\":\"7\"}],"
                + "\"count\":2,\"more\":true}\n", h.run("scan", "--limit", "2", "-o", "json").out());
        assertEquals("{\"kvs\":[{\"key\":\"cherry\"}],\"count\":1,\"more\":false}\n",
                h.run("scan", "--prefix", "c", "--keys-only", "-o", "json").out());
        assertEquals("{\"key\":\"banana\",\"value\":\"6\"}\n{\"key\":\"blueberry\",\"value\":\"9\"}\n",
                h.run("scan", "--prefix", "b", "-o", "json", "--stream").out());
        assertEquals("{\"count\":5}\n", h.run("scan", "--count", "-o", "json").out());
    }

    @Test
    void rawScanPrintsValuesOnly() {
        assertArrayEquals("6\n9\n".getBytes(StandardCharsets.US_ASCII),
                h.run("scan", "--prefix", "b", "-o", "raw").outBytes());
    }

    @Test
    void scansLargerThanOneBatchSeeEveryKey() {
        StringBuilder batch = new StringBuilder();
        for (int i = 0; i < 2500; i++) {
            batch.append(String.format("put n%05d %d%n", i, i));
        }
        assertEquals(0, h.runWithInput(batch.toString(), "txn").code());
        assertEquals("2500\n", h.run("scan", "--prefix", "n", "--count").out());
        String keys = h.run("scan", "--prefix", "n", "--keys-only", "--reverse").out();
        assertTrue(keys.startsWith("n02499\nn02498\n"), keys.substring(0, 20));
        assertEquals(2500, keys.split("\n").length);
        assertEquals(1500, h.run("scan", "--begin", "n01000", "--end", "n02500", "--keys-only").out().split("\n").length);
        assertEquals("{\"count\":1001}\n", h.run("scan", "--prefix", "n", "--count", "--limit", "1001", "-o", "json").out());
    }

    @Test
    void badRangesAreUsageErrors() {
        Harness.Result r = h.run("scan", "--prefix", "a", "--begin", "b");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--prefix cannot be combined with --begin or --end"), r.err());
        r = h.run("scan", "--begin", "z", "--end", "a");
        assertEquals(2, r.code());
        r = h.run("scan", "--limit", "-1");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--limit must be 0"), r.err());
    }
}
