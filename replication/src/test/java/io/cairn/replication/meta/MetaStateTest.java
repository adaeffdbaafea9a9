package io.cairn.replication.meta;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.api.CairnException;
import io.cairn.api.ErrorCode;
import io.cairn.replication.partition.PartitionMap;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MetaStateTest {
    private static final Map<String, String> NODES = Map.of("n1", "127.0.0.1:4501", "n2", "127.0.0.1:4502",
            "n3", "127.0.0.1:4503");

    private static MetaState applied(MetaState s, MetaCommand c) {
        MetaState.Outcome o = s.apply(c);
        if (o.refusal() != null) {
            throw o.refusal();
        }
        return o.state();
    }

    private static MetaState initialized() {
        return applied(MetaState.EMPTY, new MetaCommand.Init(NODES));
    }

    @Test
    void initMakesOnePartitionOverTheWholeKeyspaceOnEveryNodeAndIsIdempotent() {
        assertFalse(MetaState.EMPTY.initialized());
        MetaState s = initialized();
        assertTrue(s.initialized());
        assertEquals(List.of("n1", "n2", "n3"), List.copyOf(s.nodes().keySet()));
        assertEquals(PartitionMap.initial(List.of("n1", "n2", "n3")), s.map());
        assertEquals(1, s.epoch());
        MetaState again = applied(s, new MetaCommand.Init(Map.of("other", "h:1")));
        assertSame(s, again);
    }

    @Test
    void commandsOtherThanInitAreRefusedBeforeInit() {
        MetaState.Outcome o = MetaState.EMPTY.apply(new MetaCommand.AddNode("n4", "h:1"));
        assertEquals(ErrorCode.INVALID_OPERATION, o.refusal().error());
        assertSame(MetaState.EMPTY, o.state());
        assertEquals(ErrorCode.INVALID_ARGUMENT, MetaState.EMPTY.apply(new MetaCommand.Init(Map.of())).refusal().error());
    }

    @Test
    void changeMapIsACompareAndSetOnTheEpoch() {
        MetaState s = initialized();
        PartitionMap split = s.map().split(0, "m".getBytes(StandardCharsets.UTF_8));
        MetaState after = applied(s, new MetaCommand.ChangeMap(1, split));
        assertEquals(split, after.map());
        assertEquals(2, after.epoch());

        // A second change computed from the old map (epoch 1) is stale now.
        PartitionMap other = s.map().split(0, "g".getBytes(StandardCharsets.UTF_8));
        MetaState.Outcome stale = after.apply(new MetaCommand.ChangeMap(1, other));
        assertEquals(ErrorCode.NOT_COMMITTED, stale.refusal().error());
        assertTrue(stale.refusal().getMessage().contains("expects epoch 1 but the map is at epoch 2"),
                stale.refusal().getMessage());
        assertSame(after, stale.state());

        // The same change again (a retry) is no change; a skipped epoch and unknown nodes are refused.
        assertSame(after, applied(after, new MetaCommand.ChangeMap(1, split)));
        PartitionMap skipping = new PartitionMap(4, split.partitions());
        assertEquals(ErrorCode.INVALID_ARGUMENT, after.apply(new MetaCommand.ChangeMap(2, skipping)).refusal().error());
        PartitionMap unknown = split.move(0, "n1", "n9");
        MetaState.Outcome u = after.apply(new MetaCommand.ChangeMap(2, unknown));
        assertEquals(ErrorCode.INVALID_ARGUMENT, u.refusal().error());
        assertTrue(u.refusal().getMessage().contains("n9"), u.refusal().getMessage());
    }

    @Test
    void addAndRemoveNodeKeepTheSinglePartitionsReplicasInStep() {
        MetaState s = initialized();
        MetaState added = applied(s, new MetaCommand.AddNode("n4", "127.0.0.1:4504"));
        assertEquals("127.0.0.1:4504", added.nodes().get("n4"));
        assertEquals(List.of("n1", "n2", "n3", "n4"), added.map().partitions().get(0).replicas());
        assertEquals(2, added.epoch());
        assertSame(added, applied(added, new MetaCommand.AddNode("n4", "127.0.0.1:4504")));

        MetaState removed = applied(added, new MetaCommand.RemoveNode("n2"));
        assertNull(removed.nodes().get("n2"));
        assertEquals(List.of("n1", "n3", "n4"), removed.map().partitions().get(0).replicas());
        assertEquals(3, removed.epoch());
        assertSame(removed, applied(removed, new MetaCommand.RemoveNode("n2")));
    }

    @Test
    void aNodeIsNotAddedWithAnEmptyOrInvalidClientAddress() {
        MetaState s = initialized();
        for (String bad : List.of("", ":4504", "h:", "h", "h:0", "h:65536", "h:45x4", "h:-1", " :4504")) {
            MetaState.Outcome o = s.apply(new MetaCommand.AddNode("n4", bad));
            assertEquals(ErrorCode.INVALID_ARGUMENT, o.refusal() == null ? null : o.refusal().error(), "'" + bad + "'");
            assertTrue(o.refusal().getMessage().contains("n4 needs a client address"), o.refusal().getMessage());
            assertSame(s, o.state());
        }
        assertEquals("[::1]:4504", applied(s, new MetaCommand.AddNode("n4", "[::1]:4504")).nodes().get("n4"));
        assertEquals("h:65535", applied(s, new MetaCommand.AddNode("n4", "h:65535")).nodes().get("n4"));
    }

    @Test
    void theLastReplicaOfAPartitionIsNotRemoved() {
        MetaState one = applied(MetaState.EMPTY, new MetaCommand.Init(Map.of("n1", "h:1")));
        MetaState.Outcome o = one.apply(new MetaCommand.RemoveNode("n1"));
        assertEquals(ErrorCode.INVALID_OPERATION, o.refusal().error());
        assertSame(one, o.state());
    }

    @Test
    void theTimestampLimitOnlyGrows() {
        MetaState s = applied(initialized(), new MetaCommand.ReserveTimestamps(1000));
        assertEquals(1000, s.timestampLimit());
        assertSame(s, applied(s, new MetaCommand.ReserveTimestamps(500)));
        assertEquals(2000, applied(s, new MetaCommand.ReserveTimestamps(2000)).timestampLimit());
    }

    @Test
    void aReservationAboveTheCeilingIsRefusedSoTheOracleCannotOverflow() {
        MetaState s = applied(initialized(), new MetaCommand.ReserveTimestamps(MetaState.MAX_TIMESTAMP_LIMIT));
        MetaState.Outcome o = s.apply(new MetaCommand.ReserveTimestamps(Long.MAX_VALUE - 3));
        assertEquals(ErrorCode.INVALID_ARGUMENT, o.refusal().error());
        assertTrue(o.refusal().getMessage().contains("above the largest allowed"), o.refusal().getMessage());
        assertSame(s, o.state());
    }

    @Test
    void stateAndCommandsSurviveTheirBinaryForm() {
        MetaState s = applied(applied(applied(initialized(), new MetaCommand.ReserveTimestamps(77)),
                new MetaCommand.AddNode("n4", "h:4")), new MetaCommand.ChangeMap(2,
                applied(initialized(), new MetaCommand.AddNode("n4", "h:4")).map().split(0, new byte[] {0, (byte) 0xff})));
        assertEquals(s, MetaState.decode(s.encode()));
        assertEquals(MetaState.EMPTY, MetaState.decode(MetaState.EMPTY.encode()));
        List<MetaCommand> commands = List.of(new MetaCommand.Init(NODES), new MetaCommand.ChangeMap(3, s.map()),
                new MetaCommand.AddNode("n5", "h:5"), new MetaCommand.RemoveNode("n5"),
                new MetaCommand.ReserveTimestamps(Long.MAX_VALUE));
        for (MetaCommand c : commands) {
            MetaCommand back = MetaCommand.decode(c.encode());
            assertEquals(c, back);
            assertArrayEquals(c.encode(), back.encode());
        }
    }

    @Test
    void corruptBytesAreDataCorruptNeverAnotherState() {
        MetaState s = applied(initialized(), new MetaCommand.ReserveTimestamps(5));
        byte[] good = s.encode();
        assertCorrupt(() -> MetaState.decode(new byte[0]));
        assertCorrupt(() -> MetaState.decode(new byte[] {9}));
        byte[] longer = java.util.Arrays.copyOf(good, good.length + 1);
        assertCorrupt(() -> MetaState.decode(longer));
        for (int cut = 0; cut < good.length; cut++) {
            byte[] shorter = java.util.Arrays.copyOf(good, cut);
            assertCorrupt(() -> MetaState.decode(shorter));
        }
        byte[] cmd = new MetaCommand.AddNode("n4", "h:4").encode();
        assertCorrupt(() -> MetaCommand.decode(new byte[] {1, 42}));
        assertCorrupt(() -> MetaCommand.decode(new byte[] {2, 3}));
        for (int cut = 0; cut < cmd.length; cut++) {
            byte[] shorter = java.util.Arrays.copyOf(cmd, cut);
            assertCorrupt(() -> MetaCommand.decode(shorter));
        }
        // Random damage either fails as corrupt or reads as some well-formed value: never anything else.
        Random random = new Random(7);
        for (int i = 0; i < 2000; i++) {
            byte[] bad = good.clone();
            bad[random.nextInt(bad.length)] ^= (byte) (1 + random.nextInt(255));
            try {
                MetaState.decode(bad);
            } catch (CairnException e) {
                assertEquals(ErrorCode.DATA_CORRUPT, e.error(), e.getMessage());
            }
        }
        byte[] garbage = "not a state".getBytes(StandardCharsets.UTF_8);
        assertCorrupt(() -> MetaState.decode(garbage));
    }

    /** A state in {@link MetaState#encode}'s form with any nodes and map, even one no command makes. */
    private static byte[] stateBytes(Map<String, String> nodes, PartitionMap map) throws java.io.IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.DataOutputStream out = new java.io.DataOutputStream(bytes)) {
            out.writeByte(1);
            out.writeInt(nodes.size());
            for (Map.Entry<String, String> e : new java.util.TreeMap<>(nodes).entrySet()) {
                out.writeUTF(e.getKey());
                out.writeUTF(e.getValue());
            }
            out.writeBoolean(map != null);
            if (map != null) {
                byte[] m = map.encode();
                out.writeInt(m.length);
                out.write(m);
            }
            out.writeLong(0);
        }
        return bytes.toByteArray();
    }

    @Test
    void aStateWhoseMapNamesAnUnknownNodeIsCorrupt() throws Exception {
        Map<String, String> nodes = Map.of("n1", "h:1", "n2", "h:2");
        // The helper writes what encode writes: a consistent state reads back.
        MetaState consistent = MetaState.decode(stateBytes(nodes, PartitionMap.initial(List.of("n1", "n2"))));
        assertEquals(applied(MetaState.EMPTY, new MetaCommand.Init(nodes)), consistent);
        CairnException x = assertThrows(CairnException.class,
                () -> MetaState.decode(stateBytes(nodes, PartitionMap.initial(List.of("n1", "n9")))));
        assertEquals(ErrorCode.DATA_CORRUPT, x.error(), x.getMessage());
        assertTrue(x.getMessage().contains("n9"), x.getMessage());
        assertEquals(MetaState.EMPTY, MetaState.decode(stateBytes(Map.of(), null)));
    }

    private static void assertCorrupt(org.junit.jupiter.api.function.Executable e) {
        CairnException x = assertThrows(CairnException.class, e);
        assertEquals(ErrorCode.DATA_CORRUPT, x.error(), x.getMessage());
    }
}
