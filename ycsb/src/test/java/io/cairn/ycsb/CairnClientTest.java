package io.cairn.ycsb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.core.DatabaseConfig;
import io.cairn.core.EmbeddedDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.Vector;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import site.ycsb.ByteIterator;
import site.ycsb.DBException;
import site.ycsb.Status;
import site.ycsb.StringByteIterator;

/** The binding against an embedded database (leveldb, in a temporary directory), as YCSB threads use it. */
@Timeout(120)
class CairnClientTest {
    private static final String T = "usertable";

    @TempDir
    Path tmp;

    private final List<CairnClient> open = new ArrayList<>();

    private CairnClient client(String... props) throws DBException {
        Properties p = new Properties();
        p.setProperty("cairn.dir", tmp.resolve("data").toString());
        p.setProperty("cairn.sync", "false");
        for (int i = 0; i < props.length; i += 2) {
            p.setProperty(props[i], props[i + 1]);
        }
        CairnClient c = new CairnClient();
        c.setProperties(p);
        c.init();
        open.add(c);
        return c;
    }

    @AfterEach
    void cleanup() {
        open.forEach(CairnClient::cleanup);
    }

    private static Map<String, ByteIterator> fields(String... nameValue) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < nameValue.length; i += 2) {
            m.put(nameValue[i], nameValue[i + 1]);
        }
        return StringByteIterator.getByteIteratorMap(m);
    }

    private static Map<String, String> read(CairnClient c, String key, Set<String> wanted) {
        Map<String, ByteIterator> out = new HashMap<>();
        assertEquals(Status.OK, c.read(T, key, wanted, out), key);
        return StringByteIterator.getStringMap(out);
    }

    @Test
    void insertReadUpdateDeleteOneRecord() throws DBException {
        CairnClient c = client();
        assertEquals(Status.OK, c.insert(T, "user1", fields("field0", "a", "field1", "b", "field2", "c")));
        assertEquals(Map.of("field0", "a", "field1", "b", "field2", "c"), read(c, "user1", null));
        assertEquals(Map.of("field1", "b"), read(c, "user1", Set.of("field1", "field9")));
        assertEquals(Status.OK, c.update(T, "user1", fields("field1", "B", "field3", "d")));
        assertEquals(Map.of("field0", "a", "field1", "B", "field2", "c", "field3", "d"), read(c, "user1", null),
                "update merges the given fields over the record's own");
        assertEquals(Status.OK, c.insert(T, "user1", fields("field0", "z")));
        assertEquals(Map.of("field0", "z"), read(c, "user1", null), "insert replaces the whole record");
        assertEquals(Status.OK, c.delete(T, "user1"));
        assertEquals(Status.NOT_FOUND, c.read(T, "user1", null, new HashMap<>()));
        assertEquals(Status.NOT_FOUND, c.update(T, "user1", fields("field0", "x")));
        assertEquals(Status.NOT_FOUND, c.read(T, "user1", null, new HashMap<>()), "an update never creates a record");
        assertEquals(Status.BAD_REQUEST, c.insert("a/b", "user1", fields("field0", "x")));
    }

    @Test
    void scanReadsRecordsInKeyOrderFromTheStartKeyWithinItsTable() throws DBException {
        CairnClient c = client();
        for (int i = 0; i < 20; i++) {
            assertEquals(Status.OK, c.insert(T, String.format("user%02d", i), fields("field0", "v" + i, "field1", "w")));
        }
        assertEquals(Status.OK, c.insert("usertable2", "user00", fields("field0", "other")));
        assertEquals(Status.OK, c.insert("user", "table/x", fields("field0", "other")));
        Vector<HashMap<String, ByteIterator>> rows = new Vector<>();
        assertEquals(Status.OK, c.scan(T, "user05", 4, Set.of("field0"), rows));
        List<String> got = new ArrayList<>();
        rows.forEach(r -> got.add(StringByteIterator.getStringMap(r).toString()));
        assertEquals(List.of("{field0=v5}", "{field0=v6}", "{field0=v7}", "{field0=v8}"), got);
        Vector<HashMap<String, ByteIterator>> tail = new Vector<>();
        assertEquals(Status.OK, c.scan(T, "user18", 100, null, tail));
        assertEquals(2, tail.size(), "the scan stops at the table's end");
        assertEquals(Map.of("field0", "v19", "field1", "w"), StringByteIterator.getStringMap(tail.get(1)));
    }

    @Test
    void concurrentUpdatesOfDifferentFieldsAreAllKept() throws Exception {
        client().insert(T, "hot", fields("seed", "0"));
        int threads = 8;
        int each = 50;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                CairnClient c = client();
                int id = t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < each; i++) {
                        assertEquals(Status.OK, c.update(T, "hot", fields("f" + id + "_" + i, "x")));
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(100, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        Map<String, String> record = read(open.get(0), "hot", null);
        assertEquals(1 + threads * each, record.size(), "no update lost another's field");
    }

    @Test
    void threadsShareOneDatabaseWhichTheLastCleanupClosesWithTheDocumentedLayout() throws DBException {
        CairnClient a = client("cairn.prefix", "p/");
        CairnClient b = client("cairn.prefix", "p/");
        assertEquals(Status.OK, a.insert(T, "k1", fields("field0", "v")));
        assertEquals(Map.of("field0", "v"), read(b, "k1", null), "both threads see one database");
        a.cleanup();
        assertEquals(Status.OK, b.insert(T, "k2", fields("field0", "w")), "the other thread's database stays open");
        b.cleanup();
        open.clear();
        // Both closed: the directory opens again, and holds one key per record in the documented layout.
        try (EmbeddedDatabase db = EmbeddedDatabase.open(DatabaseConfig.builder(tmp.resolve("data")).build())) {
            byte[] v = db.read(tx -> tx.get("p/usertable/k2".getBytes(StandardCharsets.UTF_8)));
            assertNotNull(v);
            assertArrayEquals(new byte[] {0, 6, 'f', 'i', 'e', 'l', 'd', '0', 0, 0, 0, 1, 'w'}, v);
        }
    }

    @Test
    void badPropertiesFailInit() {
        CairnClient none = new CairnClient();
        none.setProperties(new Properties());
        DBException e = assertThrows(DBException.class, none::init);
        assertTrue(e.getMessage().contains("exactly one of cairn.cluster"), e.getMessage());
        assertThrows(DBException.class, () -> client("cairn.connections", "2"));
        assertThrows(DBException.class, () -> client("cairn.consistency", "eventual"));
        assertThrows(DBException.class, () -> client("cairn.sync", "maybe"));
        assertThrows(DBException.class, () -> client("cairn.cluster", "127.0.0.1:1"));
        assertThrows(DBException.class, () -> client("cairn.tls-ca", "ca.pem"));
    }
}
