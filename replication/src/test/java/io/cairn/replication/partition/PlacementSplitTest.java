package io.cairn.replication.partition;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.api.partition.Placement;
import io.cairn.api.tuple.Tuple;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The cuts a keyspace's {@link Placement} asks for, made by {@link PartitionMap#splitAt}. */
class PlacementSplitTest {
    private static final byte[] PREFIX = "ks/orders/".getBytes(StandardCharsets.UTF_8);

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void eachHashBucketGetsAPartitionOfItsOwn() {
        Placement.Hash p = new Placement.Hash(8);
        List<byte[]> bounds = p.boundaries(PREFIX);
        PartitionMap m = PartitionMap.initial(List.of("n1")).splitAt(bounds);
        for (int i = 0; i < 100; i++) {
            byte[] key = b("order-" + i);
            Partition part = m.partitionFor(p.storedKey(PREFIX, key));
            assertArrayEquals(bounds.get(p.bucket(key)), part.begin(), "the key lands in its bucket's partition");
        }
    }

    @Test
    void eachListedValueGetsAPartitionAndOtherValuesFallBetween() {
        Placement.ListOf p = new Placement.ListOf(List.of(List.of("eu", "uk"), List.of("us")));
        PartitionMap m = PartitionMap.initial(List.of("n1")).splitAt(p.boundaries(PREFIX));
        Partition eu = m.partitionFor(p.storedKey(PREFIX, Tuple.of("eu", 1L).pack()));
        assertEquals(eu, m.partitionFor(p.storedKey(PREFIX, Tuple.of("eu", "zzz", 9L).pack())));
        assertTrue(!eu.contains(p.storedKey(PREFIX, Tuple.of("fr").pack())), "other values are not in eu's partition");
        assertTrue(!eu.contains(p.storedKey(PREFIX, Tuple.of("us").pack())));
    }
}
