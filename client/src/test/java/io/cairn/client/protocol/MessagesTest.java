package io.cairn.client.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.cairn.api.KeyValue;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class MessagesTest {
    @Property(tries = 200)
    void rangeRepliesRoundTrip(@ForAll @Size(max = 20) List<@Size(max = 40) byte[]> keys, @ForAll boolean more) throws Exception {
        List<KeyValue> pairs = new ArrayList<>();
        for (byte[] k : keys) {
            pairs.add(new KeyValue(k, Arrays.copyOf(k, k.length / 2)));
        }
        Messages.RangeReply back = Messages.RangeReply.decode(new Messages.RangeReply(pairs, more).encode());
        assertEquals(pairs, back.pairs());
        assertEquals(more, back.more());
    }

    @Property(tries = 200)
    void getRangeRoundTrips(@ForAll long version, @ForAll byte[] begin, @ForAll byte[] end,
                            @ForAll @net.jqwik.api.constraints.IntRange(min = 0, max = 1 << 20) int limit,
                            @ForAll boolean reverse) throws Exception {
        Messages.GetRange g = Messages.GetRange.decode(new Messages.GetRange(version, begin, end, limit, reverse).encode());
        assertEquals(version, g.version());
        assertArrayEquals(begin, g.begin());
        assertArrayEquals(end, g.end());
        assertEquals(limit, g.limit());
        assertEquals(reverse, g.reverse());
    }

    @Property(tries = 200)
    void everyTruncationOfAMessageIsRejected(@ForAll @Size(max = 30) byte[] key) {
        byte[] full = new Messages.Get(42, key).encode();
        for (int cut = 0; cut < full.length; cut++) {
            byte[] partial = Arrays.copyOf(full, cut);
            assertThrows(ProtocolException.class, () -> Messages.Get.decode(partial));
        }
    }

    @Property(tries = 200)
    void getWithReadVersionAndItsReplyRoundTrip(@ForAll boolean linearizable, @ForAll byte[] key, @ForAll long version,
                                                @ForAll boolean present) throws Exception {
        Messages.Consistency c = linearizable ? Messages.Consistency.LINEARIZABLE : Messages.Consistency.SERIALIZABLE;
        Messages.GetWithReadVersion g = Messages.GetWithReadVersion.decode(new Messages.GetWithReadVersion(c, key).encode());
        assertEquals(c, g.consistency());
        assertArrayEquals(key, g.key());
        byte[] value = present ? Arrays.copyOf(key, key.length / 2) : null;
        Messages.VersionedValueReply v = Messages.VersionedValueReply.decode(
                new Messages.VersionedValueReply(version, value).encode());
        assertEquals(version, v.version());
        assertArrayEquals(value, v.value());
        byte[] full = new Messages.VersionedValueReply(version, value).encode();
        for (int cut = 0; cut < full.length; cut++) {
            byte[] partial = Arrays.copyOf(full, cut);
            assertThrows(ProtocolException.class, () -> Messages.VersionedValueReply.decode(partial));
        }
    }

    @Test
    void trailingBytesAreRejected() {
        byte[] body = Arrays.copyOf(new Messages.VersionReply(5).encode(), 9);
        assertThrows(ProtocolException.class, () -> Messages.VersionReply.decode(body));
    }

    @Test
    void absentAndPresentValuesAreDistinct() throws Exception {
        assertNull(Messages.ValueReply.decode(new Messages.ValueReply(null).encode()).value());
        assertArrayEquals(new byte[0], Messages.ValueReply.decode(new Messages.ValueReply(new byte[0]).encode()).value());
    }

    @Test
    void pairsKeepTheirOrder() throws Exception {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("z", "1");
        m.put("a", "2");
        m.put("m", "");
        assertEquals(List.copyOf(m.keySet()),
                List.copyOf(Messages.Pairs.decode(new Messages.Pairs(m).encode()).values().keySet()));
    }

    @Test
    void hugeCountsAreRejectedBeforeAllocating() {
        byte[] body = new PayloadWriter().u32(Integer.MAX_VALUE).toByteArray();
        assertThrows(ProtocolException.class, () -> Messages.RangeReply.decode(body));
        assertThrows(ProtocolException.class, () -> Messages.Pairs.decode(body));
    }

    @Test
    void unknownConsistencyIsRejected() {
        assertThrows(ProtocolException.class, () -> Messages.GetReadVersion.decode(new byte[] {9}));
    }

    @Test
    void helloAndErrorRoundTrip() throws Exception {
        Messages.Hello h = Messages.Hello.decode(new Messages.Hello(Messages.MAGIC, 1, 3, "cli").encode());
        assertEquals(new Messages.Hello(Messages.MAGIC, 1, 3, "cli"), h);
        Messages.ErrorReply e = Messages.ErrorReply.decode(new Messages.ErrorReply(1201, "not leader", "127.0.0.1:4500").encode());
        assertEquals("127.0.0.1:4500", e.leaderHint());
    }

    @Test
    void snapshotMessagesRoundTripAndRejectTruncationAndNegativeLimits() throws Exception {
        Messages.SnapshotOpened o = new Messages.SnapshotOpened(-5L, 1795461910993651L, "cluster:t");
        assertEquals(o, Messages.SnapshotOpened.decode(o.encode()));
        Messages.SnapshotRange r = Messages.SnapshotRange.decode(
                new Messages.SnapshotRange(42, new byte[] {1}, new byte[] {2, 3}, 10).encode());
        assertEquals(42, r.id());
        assertEquals(10, r.limit());
        assertEquals(2, r.end().length);
        assertEquals(7, Messages.SnapshotId.decode(new Messages.SnapshotId(7).encode()).id());
        byte[] full = o.encode();
        assertThrows(ProtocolException.class, () -> Messages.SnapshotOpened.decode(java.util.Arrays.copyOf(full,
                full.length - 1)));
        assertThrows(ProtocolException.class, () -> Messages.SnapshotRange.decode(
                new Messages.SnapshotRange(1, new byte[0], new byte[0], -1).encode()));
        assertThrows(ProtocolException.class, () -> Messages.SnapshotId.decode(new byte[9]));
    }
}
