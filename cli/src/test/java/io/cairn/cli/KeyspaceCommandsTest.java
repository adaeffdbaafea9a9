package io.cairn.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.api.Bytes;
import io.cairn.api.partition.Placement;
import io.cairn.api.tuple.Tuple;
import io.cairn.commands.ByteFormat;
import io.cairn.commands.ExitCodes;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The keyspace commands and --keyspace on the key-value commands, through the command line. */
@Timeout(120)
class KeyspaceCommandsTest {
    /** The documented stored prefix of the first keyspace created: {@code \xfd} and the packed id 1. */
    private static final byte[] FIRST_PREFIX = {(byte) 0xFD, 0x15, 0x01};

    @TempDir
    Path tmp;
    Harness h;

    @BeforeEach
    void setUp() {
        h = new Harness(tmp);
    }

    private Harness.Result ok(String... args) {
        Harness.Result r = h.run(args);
        assertEquals(0, r.code(), String.join(" ", args) + ": " + r.err());
        return r;
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** The bytes of {@code s} one per character, as the directory's keys are written ({@code \u00fe} is \xfe). */
    private static byte[] latin1(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String esc(byte[] key) {
        return ByteFormat.ESCAPED.format(key);
    }

    private static List<String> lines(String out) {
        return out.isEmpty() ? List.of() : List.of(out.split("\n"));
    }

    /** The stored keys under {@code prefix}, read with a plain scan. */
    private List<byte[]> rawKeys(byte[] prefix) {
        List<byte[]> out = new ArrayList<>();
        for (String line : lines(ok("scan", "--prefix", esc(prefix), "--keys-only").out())) {
            out.add(ByteFormat.ESCAPED.parse(line, "key"));
        }
        return out;
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    private void putAll(String keyspace, List<String> keys) {
        StringBuilder batch = new StringBuilder();
        for (String k : keys) {
            batch.append("put ").append(k).append(" v-").append(k).append('\n');
        }
        Harness.Result r = h.runWithInput(batch.toString(), "txn", "--keyspace", keyspace);
        assertEquals(0, r.code(), r.err());
    }

    @Test
    void hashKeyspaceStoresEachKeyUnderItsBucketAndScansMergeInKeyOrder() {
        ok("keyspace", "create", "orders", "--partition-by", "hash", "--buckets", "8");
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 1300; i++) {
            keys.add("order-" + i);
        }
        putAll("orders", keys);

        Placement.Hash hash = new Placement.Hash(8);
        List<byte[]> stored = rawKeys(FIRST_PREFIX);
        assertEquals(keys.size(), stored.size());
        Set<Integer> buckets = new HashSet<>();
        Set<String> seen = new HashSet<>();
        for (byte[] s : stored) {
            byte[] user = Arrays.copyOfRange(s, FIRST_PREFIX.length + 2, s.length);
            int bucket = hash.bucket(user);
            assertArrayEquals(concat(FIRST_PREFIX, new byte[] {0, (byte) bucket}, user), s,
                    "a key is stored after its bucket, CRC32C modulo 8");
            buckets.add(bucket);
            seen.add(new String(user, StandardCharsets.UTF_8));
        }
        assertEquals(8, buckets.size(), "1300 keys use every bucket");
        assertEquals(new HashSet<>(keys), seen);

        List<String> sorted = new ArrayList<>(new TreeSet<>(keys));
        // 1300 keys take two batches of the scan in each direction.
        assertEquals(sorted, lines(ok("scan", "-k", "orders", "--keys-only").out()));
        List<String> reversed = new ArrayList<>(sorted);
        Collections.reverse(reversed);
        assertEquals(reversed, lines(ok("scan", "-k", "orders", "--keys-only", "--reverse").out()));
        assertEquals(sorted.subList(0, 3), lines(ok("scan", "-k", "orders", "--keys-only", "--limit", "3").out()));
        assertEquals(reversed.subList(0, 1001),
                lines(ok("scan", "-k", "orders", "--keys-only", "--reverse", "--limit", "1001").out()));
        assertEquals("order-0   v-order-0\norder-1   v-order-1\norder-10  v-order-10\n",
                ok("scan", "-k", "orders", "--limit", "3").out());
        assertEquals("1300\n", ok("scan", "-k", "orders", "--count").out());
        assertEquals("111\n", ok("scan", "-k", "orders", "--count", "--prefix", "order-12").out());
        List<String> between = sorted.stream().filter(k -> k.compareTo("order-5") >= 0 && k.compareTo("order-6") < 0).toList();
        assertEquals(between, lines(ok("scan", "-k", "orders", "--keys-only", "--begin", "order-5", "--end", "order-6").out()));
        assertEquals("{\"kvs\":[{\"key\":\"order-999\",\"value\":\"v-order-999\"}],\"count\":1,\"more\":true}\n",
                ok("scan", "-k", "orders", "--reverse", "--limit", "1", "-o", "json").out());
        assertEquals("v-order-7\n", ok("get", "--keyspace", "orders", "order-7").out());
        assertEquals(ExitCodes.NOT_FOUND, h.run("get", "order-7").code(), "the plain key is not the keyspace's key");
    }

    @Test
    void hashClearRangeTxnAndDeleteWorkInUserKeysAcrossEveryBucket() {
        ok("keyspace", "create", "orders", "--partition-by", "hash", "--buckets", "4");
        putAll("orders", List.of("a1", "a2", "b1", "b2", "b3", "c1"));
        ok("clear-range", "-k", "orders", "b", "c", "--yes");
        assertEquals(List.of("a1", "a2", "c1"), lines(ok("scan", "-k", "orders", "--keys-only").out()));
        assertEquals(3, rawKeys(FIRST_PREFIX).size());
        ok("delete", "-k", "orders", "a2");
        assertEquals(List.of("a1", "c1"), lines(ok("scan", "-k", "orders", "--keys-only").out()));

        Harness.Result guarded = h.runWithInput("if-equal a1 v-a1\nif-absent a2\nput z9 last\ndelete c1\n",
                "txn", "-k", "orders", "-o", "json");
        assertEquals(0, guarded.code(), guarded.err());
        assertTrue(guarded.out().contains("\"keyspace\":\"orders\"") && guarded.out().contains("\"key\":\"z9\""),
                guarded.out());
        assertEquals("a1  v-a1\nz9  last\n", ok("scan", "-k", "orders").out());
        Harness.Result failed = h.runWithInput("if-absent a1\nput q 1\n", "txn", "-k", "orders");
        assertEquals(ExitCodes.GUARD_FAILED, failed.code());
        assertEquals(ExitCodes.NOT_FOUND, h.run("get", "-k", "orders", "q").code(), "a failed guard writes nothing");
    }

    @Test
    void listKeyspacePlacesListedValuesInTheirGroupsRangeAndOthersInTheDefault() {
        ok("keyspace", "create", "geo", "--partition-by", "list", "--values", "us,ca", "--values", "eu");
        Map<String, byte[]> keys = new TreeMap<>();
        keys.put("us-alice", Tuple.of("us", "alice").pack());
        keys.put("ca-bob", Tuple.of("ca", "bob").pack());
        keys.put("eu-carol", Tuple.of("eu", "carol", 7L).pack());
        keys.put("br-dan", Tuple.of("br", "dan").pack());
        keys.put("int", Tuple.of(42L, "x").pack());
        StringBuilder batch = new StringBuilder();
        for (Map.Entry<String, byte[]> e : keys.entrySet()) {
            batch.append("put ").append(esc(e.getValue())).append(' ').append(e.getKey()).append('\n');
        }
        Harness.Result r = h.runWithInput(batch.toString(), "txn", "-k", "geo");
        assertEquals(0, r.code(), r.err());

        // Each listed value owns [prefix + packed value, its strinc); every other key is outside all of them.
        Map<String, String> owner = Map.of("us", "us,ca", "ca", "us,ca", "eu", "eu");
        for (byte[] s : rawKeys(FIRST_PREFIX)) {
            byte[] user = Arrays.copyOfRange(s, FIRST_PREFIX.length, s.length);
            String first = Tuple.fromBytes(user).get(0).toString();
            int inRanges = 0;
            for (String v : owner.keySet()) {
                byte[] begin = concat(FIRST_PREFIX, Tuple.of(v).pack());
                if (Bytes.compare(begin, s) <= 0 && Bytes.compare(s, Bytes.strinc(begin)) < 0) {
                    inRanges++;
                    assertEquals(v, first, "a key lands in the range of its own first element");
                }
            }
            assertEquals(owner.containsKey(first) ? 1 : 0, inRanges, "key " + esc(user));
        }
        List<String> scanned = lines(ok("scan", "-k", "geo").out());
        List<byte[]> inOrder = new ArrayList<>(keys.values());
        inOrder.sort(Bytes::compare);
        assertEquals(inOrder.size(), scanned.size());
        for (int i = 0; i < inOrder.size(); i++) {
            assertTrue(scanned.get(i).startsWith(esc(inOrder.get(i)) + " "), scanned.toString());
        }
        String show = ok("keyspace", "show", "geo").out();
        assertTrue(show.contains("scheme:      list"), show);
        assertTrue(show.contains("keys:        5"), show);
        String json = ok("keyspace", "show", "geo", "-o", "json").out();
        assertTrue(json.contains("\"values\":[[\"us\",\"ca\"],[\"eu\"]]"), json);
        // prefix, its end, and a begin and end per listed value
        assertEquals(8, json.split("\"boundaries\":\\[")[1].split("]")[0].split("},\\{").length, json);
    }

    @Test
    void rangeKeyspacesKeepKeysInOrderUnderTheirOwnPrefix() {
        ok("keyspace", "create", "users", "--partition-by", "range");
        ok("keyspace", "create", "items", "--partition-by", "range");
        ok("put", "-k", "users", "u2", "two");
        ok("put", "-k", "users", "u1", "one");
        ok("put", "-k", "items", "u1", "item");
        assertEquals(List.of(concat(FIRST_PREFIX, b("u1")), concat(FIRST_PREFIX, b("u2"))).stream().map(KeyspaceCommandsTest::esc).toList(),
                rawKeys(FIRST_PREFIX).stream().map(KeyspaceCommandsTest::esc).toList());
        assertEquals("u1  one\nu2  two\n", ok("scan", "-k", "users").out());
        assertEquals("u1  item\n", ok("scan", "-k", "items").out());
        assertEquals("one\n", ok("get", "-k", "users", "u1").out());
        assertEquals("NAME   SCHEME  PARAMETERS  PREFIX\nitems  range   -           \\xfd\\x15\\x02\n"
                + "users  range   -           \\xfd\\x15\\x01\n", ok("keyspace", "list").out());
        String json = ok("put", "-k", "users", "u3", "x", "-o", "json").out();
        assertTrue(json.startsWith("{\"op\":\"put\",\"committed\":true,") && json.endsWith(",\"keyspace\":\"users\",\"key\":\"u3\"}\n"),
                json);
    }

    @Test
    void dropRemovesTheDefinitionAndEveryKeyAndAsksOnATerminal() {
        ok("keyspace", "create", "orders", "--partition-by", "hash", "--buckets", "3");
        putAll("orders", List.of("a", "b", "c", "d"));
        ok("put", "outside", "stays");
        int commits = h.db.commits();
        Harness.Result declined = h.run("n\n".getBytes(StandardCharsets.UTF_8), true, "keyspace", "drop", "orders");
        assertEquals(ExitCodes.CANCELLED, declined.code());
        assertEquals(commits, h.db.commits(), "a declined drop writes nothing");
        Harness.Result noTerminal = h.run("keyspace", "drop", "orders");
        assertEquals(ExitCodes.USAGE, noTerminal.code());
        assertTrue(noTerminal.err().contains("add --yes"), noTerminal.err());
        assertEquals(4, rawKeys(FIRST_PREFIX).size());

        Harness.Result dropped = h.run("y\n".getBytes(StandardCharsets.UTF_8), true, "keyspace", "drop", "orders");
        assertEquals(0, dropped.code(), dropped.err());
        assertEquals(commits + 1, h.db.commits(), "definition and data go in one transaction");
        assertEquals(List.of(), rawKeys(FIRST_PREFIX));
        assertEquals(List.of(), rawKeys(latin1("\u00fecairn/keyspace/")));
        assertEquals("NAME  SCHEME  PARAMETERS  PREFIX\n", ok("keyspace", "list").out());
        assertEquals("stays\n", ok("get", "outside").out());

        ok("keyspace", "create", "orders", "--partition-by", "range");
        assertEquals("", ok("scan", "-k", "orders").out(), "a keyspace created again starts empty");
        assertTrue(ok("keyspace", "show", "orders").out().contains("prefix:      \\xfd\\x15\\x02"), "ids are not reused");
    }

    static List<List<String>> badInputs() {
        String longName = "n".repeat(65);
        return List.of(
                List.of("unknown --partition-by 'foo'", "keyspace", "create", "x", "--partition-by", "foo"),
                List.of("Missing required option: '--partition-by", "keyspace", "create", "x"),
                List.of("needs --buckets", "keyspace", "create", "x", "--partition-by", "hash"),
                List.of("--buckets must be between 1 and 1024, not 0", "keyspace", "create", "x", "--partition-by", "hash", "--buckets", "0"),
                List.of("not 1025", "keyspace", "create", "x", "--partition-by", "hash", "--buckets", "1025"),
                List.of("--buckets is for --partition-by hash", "keyspace", "create", "x", "--partition-by", "range", "--buckets", "4"),
                List.of("--values is for --partition-by list", "keyspace", "create", "x", "--partition-by", "hash", "--buckets", "2", "--values", "a"),
                List.of("needs --values", "keyspace", "create", "x", "--partition-by", "list"),
                List.of("lists 'a' twice", "keyspace", "create", "x", "--partition-by", "list", "--values", "a,b;a"),
                List.of("lists 'b' twice", "keyspace", "create", "x", "--partition-by", "list", "--values", "a,b", "--values", "b"),
                List.of("empty value", "keyspace", "create", "x", "--partition-by", "list", "--values", "a,,b"),
                List.of("already exists", "keyspace", "create", "taken", "--partition-by", "range"),
                List.of("invalid keyspace name 'a/b'", "keyspace", "create", "a/b", "--partition-by", "range"),
                List.of("invalid keyspace name '-x'", "keyspace", "create", "--partition-by", "range", "--", "-x"),
                List.of("must not be empty", "keyspace", "create", "", "--partition-by", "range"),
                List.of("the limit is 64", "keyspace", "create", longName, "--partition-by", "range"),
                List.of("no keyspace named 'nope'", "keyspace", "show", "nope"),
                List.of("no keyspace named 'nope'", "keyspace", "drop", "nope", "--yes"),
                List.of("no keyspace named 'nope'", "put", "-k", "nope", "k", "v"),
                List.of("no keyspace named 'nope'", "scan", "--keyspace", "nope"),
                List.of("no keyspace named 'nope'", "clear-range", "-k", "nope", "a", "b", "--yes"),
                List.of("invalid keyspace name 'b c'", "get", "-k", "b c", "k"),
                List.of("keys of keyspace 'taken' may have at most 9997", "put", "-k", "taken", "k".repeat(9998), "v"),
                List.of("key is 9998 bytes; keys of keyspace 'taken' may have at most 9997", "get", "-k", "taken", "k".repeat(9998)),
                List.of("key is 9998 bytes; keys of keyspace 'taken' may have at most 9997", "delete", "-k", "taken", "k".repeat(9998)),
                List.of("END is 10000 bytes; a range end in keyspace 'taken' may have at most 9998",
                        "clear-range", "-k", "taken", "a", "z".repeat(10_000), "--yes"),
                List.of("END is 9999 bytes; a range end in keyspace 'taken' may have at most 9998",
                        "clear-range", "-k", "taken", "a", "z".repeat(9999), "--yes"),
                List.of("BEGIN is 9998 bytes; keys of keyspace 'taken' may have at most 9997",
                        "clear-range", "-k", "taken", "a".repeat(9998), "z", "--yes"),
                List.of("END is 9999 bytes", "clear-range", "-k", "taken", "a", "z".repeat(9999)),
                List.of("--begin is 9998 bytes; keys of keyspace 'taken' may have at most 9997",
                        "scan", "-k", "taken", "--begin", "a".repeat(9998)),
                List.of("--end is 9999 bytes; a range end in keyspace 'taken' may have at most 9998",
                        "scan", "-k", "taken", "--end", "z".repeat(9999)),
                List.of("prefix is 9998 bytes; keys of keyspace 'taken' may have at most 9997",
                        "scan", "-k", "taken", "--prefix", "p".repeat(9998)),
                List.of("keyspace needs a subcommand", "keyspace"));
    }

    @ParameterizedTest
    @MethodSource("badInputs")
    void badInputIsRefusedWithAMessageAndNothingIsWritten(List<String> caseArgs) {
        ok("keyspace", "create", "taken", "--partition-by", "range");
        TreeMap<byte[], byte[]> before = h.db.snapshot();
        int commits = h.db.commits();
        Harness.Result r = h.run(caseArgs.subList(1, caseArgs.size()).toArray(new String[0]));
        assertEquals(ExitCodes.USAGE, r.code(), r.err());
        assertTrue(r.err().contains(caseArgs.get(0)), r.err());
        assertFalse(r.err().contains("\\xfd"), "errors speak of user keys, not the stored form: " + r.err());
        assertEquals("", r.out());
        assertEquals(commits, h.db.commits());
        assertEquals(before.keySet().stream().map(KeyspaceCommandsTest::esc).toList(),
                h.db.snapshot().keySet().stream().map(KeyspaceCommandsTest::esc).toList());
    }

    @Test
    void getWithAKeyspaceLeavesTheDirectPathToPicocli() {
        ok("keyspace", "create", "users", "--partition-by", "hash", "--buckets", "2");
        ok("put", "-k", "users", "k", "in-keyspace");
        ok("put", "k", "plain");
        for (String[] args : new String[][] {{"get", "-k", "users", "k"}, {"get", "k", "--keyspace", "users"},
                {"get", "--keyspace=users", "k"}}) {
            Io io = new Io(new ByteArrayInputStream(new byte[0]), new PrintStream(new ByteArrayOutputStream()),
                    new PrintStream(new ByteArrayOutputStream()), false);
            try (CliContext ctx = new CliContext(io, h.environment(), h.opener())) {
                assertNull(DirectGet.run(ctx, args), String.join(" ", args));
            }
            assertEquals("in-keyspace\n", ok(args).out());
            DirectGetTest.assertAgree(h, args);
        }
        assertEquals("plain\n", ok("get", "k").out());
    }

    @Test
    void showCountsKeysExactlyUpToTenThousand() {
        ok("keyspace", "create", "big", "--partition-by", "hash", "--buckets", "16");
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            keys.add("k" + i);
        }
        putAll("big", keys);
        assertTrue(ok("keyspace", "show", "big", "-o", "json").out().contains("\"keys\":10000,\"keys-exact\":true"));
        ok("put", "-k", "big", "one-more", "x");
        String show = ok("keyspace", "show", "big").out();
        assertTrue(show.contains("keys:        10000\n") && show.contains("keys-exact:  false"), show);
    }

    @Test
    void keyspacesWorkInsideAnInteractiveTransaction() {
        ok("keyspace", "create", "orders", "--partition-by", "hash", "--buckets", "4");
        Harness.Result r = h.runWithInput("begin\nput -k orders x 1\nput -k orders y 2\nscan -k orders\ncommit\n", "shell");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("x  1\ny  2\n"), r.out());
        assertEquals("x  1\ny  2\n", ok("scan", "-k", "orders").out());
        assertFalse(ok("scan", "-k", "orders", "--count").out().equals("0\n"));
    }

    @Test
    void keysAndBoundsUpToTheKeyspaceLimitsAreAcceptedAndTxnLinesBeyondThemRefused() {
        // Hash with 4 buckets and id 1: the stored form adds \xfd, the packed id and 2 bucket bytes.
        ok("keyspace", "create", "orders", "--partition-by", "hash", "--buckets", "4");
        String longest = "k".repeat(9995);
        ok("put", "-k", "orders", longest, "v");
        assertEquals("v\n", ok("get", "-k", "orders", longest).out());
        assertEquals("1\n", ok("scan", "-k", "orders", "--count", "--begin", longest, "--end", longest + "z").out());
        assertEquals("1\n", ok("scan", "-k", "orders", "--count", "--prefix", longest).out());
        ok("clear-range", "-k", "orders", longest, longest + "z", "--yes");
        assertEquals("0\n", ok("scan", "-k", "orders", "--count").out());

        ok("put", "-k", "orders", "kept", "v");
        TreeMap<byte[], byte[]> before = h.db.snapshot();
        int commits = h.db.commits();
        for (String[] c : new String[][] {
                {"put " + "k".repeat(9996) + " v\n", "txn line 1: key is 9996 bytes; keys of keyspace 'orders' may have at most 9995"},
                {"put a 1\nclear-range a " + "z".repeat(9997) + "\n",
                        "txn line 2: END is 9997 bytes; a range end in keyspace 'orders' may have at most 9996"},
                {"clear-range " + "a".repeat(9996) + " z\n", "txn line 1: BEGIN is 9996 bytes; keys of keyspace 'orders' may have at most 9995"}}) {
            Harness.Result r = h.runWithInput(c[0], "txn", "-k", "orders");
            assertEquals(ExitCodes.USAGE, r.code(), r.err());
            assertTrue(r.err().contains(c[1]), r.err());
            assertFalse(r.err().contains("\\xfd"), r.err());
        }
        Harness.Result end = h.run("clear-range", "-k", "orders", "a", "z".repeat(9997), "--yes");
        assertEquals(ExitCodes.USAGE, end.code(), end.err());
        assertTrue(end.err().contains("END is 9997 bytes; a range end in keyspace 'orders' may have at most 9996"), end.err());
        assertEquals(commits, h.db.commits(), "nothing was written");
        assertEquals(before.keySet().stream().map(KeyspaceCommandsTest::esc).toList(),
                h.db.snapshot().keySet().stream().map(KeyspaceCommandsTest::esc).toList());
        ok("txn", "-k", "orders", "-f", writeScript("clear-range a " + "z".repeat(9996) + "\n"));
        assertEquals("0\n", ok("scan", "-k", "orders", "--count").out(), "an END of the longest allowed size clears");
    }

    private String writeScript(String text) {
        Path f = tmp.resolve("script-" + System.nanoTime() + ".txn");
        try {
            java.nio.file.Files.writeString(f, text);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return f.toString();
    }

    @Test
    void createRetriedAfterALostCommitReplyRecognisesTheDefinitionItWrote() {
        int commits = h.db.commits();
        h.db.loseCommitReplies(1);
        Harness.Result r = h.run("keyspace", "create", "orders", "--partition-by", "hash", "--buckets", "4");
        assertEquals(0, r.code(), r.err());
        assertEquals(0, h.db.commitRepliesToLose(), "the first commit's reply was lost");
        assertTrue(r.out().startsWith("created keyspace 'orders' (hash, 4 buckets, prefix '\\xfd\\x15\\x01') (committed by an earlier attempt whose reply was lost"), r.out());
        assertEquals(commits + 1, h.db.commits(), "the retry wrote nothing");
        assertEquals("NAME    SCHEME  PARAMETERS  PREFIX\norders  hash    4 buckets   \\xfd\\x15\\x01\n", ok("keyspace", "list").out());

        h.db.loseCommitReplies(1);
        String json = ok("keyspace", "create", "items", "--partition-by", "range", "-o", "json").out();
        assertTrue(json.startsWith("{\"op\":\"keyspace-create\",\"committed\":true,\"version\":null,\"name\":\"items\""), json);

        Harness.Result again = h.run("keyspace", "create", "orders", "--partition-by", "hash", "--buckets", "4");
        assertEquals(ExitCodes.USAGE, again.code(), "another create of the same name is still refused");
        assertTrue(again.err().contains("keyspace 'orders' already exists"), again.err());
    }

    @Test
    void dropRetriedAfterALostCommitReplyRecognisesItsOwnDrop() {
        ok("keyspace", "create", "orders", "--partition-by", "hash", "--buckets", "3");
        putAll("orders", List.of("a", "b", "c"));
        int commits = h.db.commits();
        h.db.loseCommitReplies(1);
        Harness.Result r = h.run("keyspace", "drop", "orders", "--yes");
        assertEquals(0, r.code(), r.err());
        assertEquals(0, h.db.commitRepliesToLose(), "the first commit's reply was lost");
        assertTrue(r.out().startsWith("dropped keyspace 'orders' (committed by an earlier attempt whose reply was lost"), r.out());
        assertEquals(commits + 1, h.db.commits());
        assertEquals(List.of(), rawKeys(FIRST_PREFIX));
        assertEquals("NAME  SCHEME  PARAMETERS  PREFIX\n", ok("keyspace", "list").out());

        h.db.loseCommitReplies(1);
        Harness.Result unknown = h.run("keyspace", "drop", "orders", "--yes");
        assertEquals(ExitCodes.USAGE, unknown.code(), "a keyspace unknown on the first attempt is still an error");
        assertTrue(unknown.err().contains("there is no keyspace named 'orders'"), unknown.err());
        assertEquals(1, h.db.commitRepliesToLose(), "nothing was committed");
    }

    @Test
    void definitionsOfFormatOneAreStillReadAndNotTakenForOwnCreates() {
        // Format 1, as the first version wrote it: (1, id, scheme, parameter), no creation token.
        h.db.putDirect(latin1("\u00fecairn/keyspace/old"), Tuple.of(1L, 1L, "hash", 4L).pack());
        h.db.putDirect(latin1("\u00fecairn/keyspace-next-id"), new byte[] {0, 0, 0, 0, 0, 0, 0, 2});
        ok("put", "-k", "old", "x", "1");
        assertEquals("1\n", ok("get", "-k", "old", "x").out());
        assertTrue(ok("keyspace", "show", "old").out().contains("buckets:     4"));
        h.db.loseCommitReplies(1);
        Harness.Result r = h.run("keyspace", "create", "old", "--partition-by", "hash", "--buckets", "4");
        assertEquals(ExitCodes.USAGE, r.code());
        assertTrue(r.err().contains("keyspace 'old' already exists"), r.err());
        assertEquals(1, h.db.commitRepliesToLose(), "the refused create committed nothing");
        h.db.loseCommitReplies(0);
        ok("keyspace", "drop", "old", "--yes");
        assertEquals(List.of(), rawKeys(FIRST_PREFIX));
    }
}
