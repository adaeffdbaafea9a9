package io.cairn.replication.partition;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.api.Bytes;
import io.cairn.api.CairnException;
import io.cairn.api.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PartitionMapTest {
    private static final List<String> NODES = List.of("n1", "n2", "n3");

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Partitions 0 [, g), 1 [g, p), 2 [p, end). */
    private static PartitionMap three() {
        return PartitionMap.initial(NODES).split(0, b("g")).split(1, b("p"));
    }

    @Test
    void theFirstMapHoldsEveryKeyInPartitionZero() {
        PartitionMap m = PartitionMap.initial(NODES);
        assertEquals(1, m.epoch());
        assertEquals(0, m.partitionFor(Bytes.EMPTY).id());
        assertEquals(0, m.partitionFor(new byte[] {(byte) 0xff, (byte) 0xff}).id());
        assertNull(m.partitions().get(0).end());
    }

    @Test
    void splitsGiveTheUpperHalfANewIdAndRaiseTheEpoch() {
        PartitionMap m = PartitionMap.initial(NODES).split(0, b("m"));
        assertEquals(2, m.epoch());
        assertEquals(0, m.partitionFor(b("a")).id());
        assertEquals(0, m.partitionFor(b("l\u00ff")).id());
        assertEquals(1, m.partitionFor(b("m")).id());
        assertEquals(1, m.partitionFor(b("z")).id());
        assertEquals(NODES, m.byId(1).replicas());
        PartitionMap again = m.split(1, b("t"));
        assertEquals(2, again.partitionFor(b("t")).id());
        assertEquals(List.of(0L, 1L, 2L), again.partitions().stream().map(Partition::id).toList());
    }

    @Test
    void lookupsAgreeWithAScanOfThePartitions() {
        Random r = new Random(7);
        PartitionMap m = PartitionMap.initial(NODES);
        for (int i = 0; i < 40; i++) {
            byte[] at = new byte[1 + r.nextInt(3)];
            r.nextBytes(at);
            Partition p = m.partitionFor(at);
            if (Bytes.compare(p.begin(), at) != 0) {
                m = m.split(p.id(), at);
            }
        }
        for (int i = 0; i < 2000; i++) {
            byte[] key = new byte[r.nextInt(4)];
            r.nextBytes(key);
            Partition found = m.partitionFor(key);
            assertTrue(found.contains(key), found + " does not hold " + Bytes.printable(key));
            assertEquals(1, m.partitions().stream().filter(p -> p.contains(key)).count());
        }
    }

    @Test
    void rangesMapToTheirPartitionsInKeyOrder() {
        PartitionMap m = three();
        assertEquals(List.of(0L, 1L, 2L), ids(m.partitionsFor(b("a"), b("z"))));
        assertEquals(List.of(1L), ids(m.partitionsFor(b("g"), b("p"))));
        assertEquals(List.of(0L, 1L), ids(m.partitionsFor(b("f"), b("h"))));
        assertEquals(List.of(), ids(m.partitionsFor(b("h"), b("h"))));
    }

    private static List<Long> ids(List<Partition> ps) {
        return ps.stream().map(Partition::id).toList();
    }

    @Test
    void neighboursMergeIntoTheLowerId() {
        PartitionMap m = three().merge(2, 1);
        assertEquals(List.of(0L, 1L), ids(m.partitions()));
        assertArrayEquals(b("g"), m.byId(1).begin());
        assertNull(m.byId(1).end());
        assertEquals(three().epoch() + 1, m.epoch());
    }

    @Test
    void movesReplaceOneReplica() {
        PartitionMap m = three().move(1, "n2", "n4");
        assertEquals(List.of("n1", "n4", "n3"), m.byId(1).replicas());
        assertEquals(NODES, m.byId(0).replicas());
    }

    @Test
    void badChangesAreRefusedWithTheReasonAndChangeNothing() {
        PartitionMap m = three();
        assertInvalid(() -> m.split(1, b("a")), "inside the partition");
        assertInvalid(() -> m.split(1, b("g")), "inside the partition");
        assertInvalid(() -> m.split(1, b("p")), "inside the partition");
        assertInvalid(() -> m.split(9, b("h")), "no partition 9");
        assertInvalid(() -> m.merge(0, 2), "not neighbours");
        assertInvalid(() -> m.merge(1, 1), "not neighbours");
        assertInvalid(() -> m.move(0, "n9", "n4"), "does not replicate");
        assertInvalid(() -> m.move(0, "n1", "n2"), "already replicates");
        PartitionMap moved = m.move(1, "n1", "n4");
        assertInvalid(() -> moved.merge(0, 1), "different nodes");
        assertEquals(three(), m, "the map is unchanged");
    }

    @Test
    void mapsThatDoNotCoverTheKeyspaceAreRefused() {
        List<String> r = NODES;
        assertInvalid(() -> new PartitionMap(1, List.of()), "at least one");
        assertInvalid(() -> new PartitionMap(1, List.of(new Partition(0, b("a"), null, r))), "begins at");
        assertInvalid(() -> new PartitionMap(1, List.of(new Partition(0, Bytes.EMPTY, b("m"), r))), "last partition");
        assertInvalid(() -> new PartitionMap(1, List.of(new Partition(0, Bytes.EMPTY, b("m"), r),
                new Partition(1, b("n"), null, r))), "begins at");
        assertInvalid(() -> new PartitionMap(1, List.of(new Partition(0, Bytes.EMPTY, b("m"), r),
                new Partition(0, b("m"), null, r))), "twice");
        assertInvalid(() -> new PartitionMap(1, List.of(new Partition(0, Bytes.EMPTY, null, List.of("n1", "n1")))),
                "distinct replicas");
        assertInvalid(() -> new PartitionMap(0, List.of(new Partition(0, Bytes.EMPTY, null, r))), "epoch");
    }

    @Test
    void splittingAtBoundariesCutsOnlyWhereNeededInOneChange() {
        PartitionMap m = three();
        PartitionMap cut = m.splitAt(List.of(b("g"), b("k"), b("x")));
        assertEquals(m.epoch() + 1, cut.epoch());
        assertEquals(5, cut.partitions().size());
        assertArrayEquals(b("k"), cut.partitionFor(b("k")).begin());
        assertEquals(m, m.splitAt(List.of(b("g"), b("p"))), "nothing to cut: the same map");
    }

    @Test
    void encodingRoundTripsAndCorruptBytesAreRefused() {
        PartitionMap m = three().move(2, "n3", "n4");
        assertEquals(m, PartitionMap.decode(m.encode()));
        byte[] bytes = m.encode();
        List<byte[]> bad = new ArrayList<>();
        bad.add(new byte[0]);
        bad.add(java.util.Arrays.copyOf(bytes, bytes.length - 1));
        bad.add(java.util.Arrays.copyOf(bytes, bytes.length + 1));
        byte[] format = bytes.clone();
        format[0] = 9;
        bad.add(format);
        for (byte[] x : bad) {
            CairnException e = assertThrows(CairnException.class, () -> PartitionMap.decode(x));
            assertEquals(ErrorCode.DATA_CORRUPT, e.error());
        }
    }

    private static void assertInvalid(org.junit.jupiter.api.function.Executable change, String says) {
        CairnException e = assertThrows(CairnException.class, change);
        assertEquals(ErrorCode.INVALID_ARGUMENT, e.error());
        assertTrue(e.getMessage().contains(says), e.getMessage());
    }
}
