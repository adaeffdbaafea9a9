package io.cairn.commands.keyspace;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.api.Bytes;
import io.cairn.api.CairnException;
import io.cairn.api.KeyValue;
import io.cairn.api.Range;
import io.cairn.api.partition.Keyspace;
import io.cairn.api.partition.Keyspaces;
import io.cairn.api.partition.Placement;
import io.cairn.api.tuple.Tuple;
import io.cairn.commands.testing.ModelDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Properties of keyspaces against a sorted-map model: user keys survive the stored form, and a
 * keyspace scan (merged over buckets for hash) equals a scan of the sorted user keys.
 */
class KeyspacePropertyTest {
    @Provide
    Arbitrary<byte[]> keys() {
        Arbitrary<Byte> tricky = Arbitraries.of((byte) 0x00, (byte) 0x01, (byte) 0xFE, (byte) 0xFF, (byte) 'a', (byte) 'b');
        return Arbitraries.oneOf(tricky, Arbitraries.bytes()).array(byte[].class).ofMaxSize(6);
    }

    @Provide
    Arbitrary<Placement> placements() {
        return Arbitraries.oneOf(
                Arbitraries.just(new Placement.Range()),
                Arbitraries.integers().between(1, 70).map(Placement.Hash::new),
                Arbitraries.integers().between(1, Placement.Hash.MAX_BUCKETS).map(Placement.Hash::new),
                Arbitraries.of("a", "b", "us", "").list().ofMinSize(1).uniqueElements()
                        .map(vs -> new Placement.ListOf(List.of(new ArrayList<Object>(vs)))));
    }

    @Property
    void userKeysSurviveTheStoredForm(@ForAll("keys") byte[] user, @ForAll("placements") Placement p,
            @ForAll @net.jqwik.api.constraints.LongRange(min = 1, max = 100_000) long id) {
        Keyspace ks = new Keyspace("ks", id, p);
        byte[] stored = ks.storedKey(user);
        assertTrue(ks.storedRange().contains(stored), "the stored key is inside the keyspace");
        assertTrue(Bytes.compare(stored, Range.SYSTEM_PREFIX) < 0, "never in the system range");
        assertArrayEquals(user, ks.userKey(stored));
        Keyspace other = new Keyspace("other", id + 1, p);
        assertTrue(!other.storedRange().contains(stored), "keyspaces do not overlap");
        boolean inSomeBucket = false;
        for (Range r : ks.storedRanges(Bytes.EMPTY, null)) {
            inSomeBucket |= r.contains(stored);
        }
        assertTrue(inSomeBucket);
    }

    @Property(tries = 200)
    void mergedScansEqualASortedScan(@ForAll @Size(max = 40) List<@net.jqwik.api.From("keys") byte[]> keys,
            @ForAll("placements") Placement p, @ForAll("keys") byte[] begin, @ForAll("keys") byte[] end,
            @ForAll boolean bounded, @ForAll @IntRange(min = 0, max = 12) int limit, @ForAll boolean reverse) {
        if (p instanceof Placement.Hash h && h.buckets() > 70) {
            p = new Placement.Hash(1 + h.buckets() % 70);
        }
        ModelDatabase db = new ModelDatabase();
        Placement placement = p;
        Keyspace ks = db.run(tx -> Keyspaces.create(tx, "ks", placement));
        NavigableMap<byte[], byte[]> model = new TreeMap<>(Bytes::compare);
        db.run(tx -> {
            for (byte[] k : keys) {
                tx.set(ks.storedKey(k), k);
                model.put(k, k);
            }
            tx.set(new byte[] {'z'}, new byte[0]); // a plain key outside the keyspace
            return null;
        });
        byte[] e = bounded ? end : null;
        List<KeyValue> got = db.read(tx -> Keyspaces.scan(tx, ks, begin, e, limit, reverse));
        NavigableMap<byte[], byte[]> window = e == null ? model.tailMap(begin, true)
                : Bytes.compare(begin, e) >= 0 ? new TreeMap<>(Bytes::compare) : model.subMap(begin, true, e, false);
        List<byte[]> expected = new ArrayList<>((reverse ? window.descendingMap() : window).keySet());
        if (limit > 0 && expected.size() > limit) {
            expected = expected.subList(0, limit);
        }
        assertEquals(expected.size(), got.size());
        for (int i = 0; i < expected.size(); i++) {
            assertArrayEquals(expected.get(i), got.get(i).key());
            assertArrayEquals(expected.get(i), got.get(i).value());
        }
    }

    @Property(tries = 100)
    void definitionsSurviveTheirStoredForm(@ForAll("placements") Placement p) {
        ModelDatabase db = new ModelDatabase();
        Keyspace created = db.run(tx -> Keyspaces.create(tx, "name.1", p));
        Keyspace read = db.read(tx -> Keyspaces.open(tx, "name.1"));
        assertEquals(created, read);
        assertEquals(List.of(created), db.read(Keyspaces::list));
    }

    @Property(tries = 50)
    void listPlacementPutsEveryTupleInItsValuesRangeOrOutsideAll(@ForAll("keys") byte[] tail,
            @ForAll @net.jqwik.api.constraints.StringLength(max = 3) String first) {
        Placement.ListOf p = new Placement.ListOf(List.of(List.of("a", "b"), List.of("us")));
        Keyspace ks = new Keyspace("geo", 3, p);
        byte[] user = Tuple.of(first, tail).pack();
        byte[] stored = ks.storedKey(user);
        int group = p.group(user);
        Map<String, Integer> groups = Map.of("a", 0, "b", 0, "us", 1);
        assertEquals(groups.getOrDefault(first, -1), group);
        for (String v : groups.keySet()) {
            assertEquals(v.equals(first), Range.startsWith(Tuple.of(v).pack(ks.prefix())).contains(stored));
        }
    }

    @Property(tries = 50)
    void aCreateRetriedAfterALostReplyFindsItsOwnDefinitionAndNoOtherCreateDoes(@ForAll("placements") Placement p) {
        ModelDatabase db = new ModelDatabase();
        UUID token = UUID.randomUUID();
        db.loseCommitReplies(1);
        Keyspaces.Creation first = db.run(tx -> Keyspaces.create(tx, "ks", p, token));
        assertEquals(0, db.commitRepliesToLose());
        assertEquals(1, db.commits());
        assertFalse(first.written(), "the retry found the definition its first attempt committed");
        assertEquals(List.of(first.keyspace()), db.read(Keyspaces::list));
        CairnException other = assertThrows(CairnException.class,
                () -> db.run(tx -> Keyspaces.create(tx, "ks", p, UUID.randomUUID())));
        assertTrue(other.getMessage().contains("already exists"), other.getMessage());
    }

    @Property(tries = 50)
    void definitionsOfFormatOneAreReadAsBefore(@ForAll("placements") Placement p,
            @ForAll @net.jqwik.api.constraints.LongRange(min = 1, max = 100_000) long id) {
        // Format 1 as the first version wrote it: (1, id, scheme, parameter), no creation token.
        Tuple def = Tuple.of(1L, id, new Keyspace("old", id, p).scheme());
        if (p instanceof Placement.Hash h) {
            def = def.add((long) h.buckets());
        } else if (p instanceof Placement.ListOf l) {
            Tuple groups = Tuple.empty();
            for (List<Object> g : l.groups()) {
                groups = groups.add(Tuple.fromList(g));
            }
            def = def.add(groups);
        }
        ModelDatabase db = new ModelDatabase();
        db.putDirect(Keyspaces.definitionKey("old"), def.pack());
        assertEquals(new Keyspace("old", id, p), db.read(tx -> Keyspaces.open(tx, "old")));
        CairnException taken = assertThrows(CairnException.class,
                () -> db.run(tx -> Keyspaces.create(tx, "old", p, UUID.randomUUID())));
        assertTrue(taken.getMessage().contains("already exists"), taken.getMessage());
    }
}
