package io.cairn.api.txn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.cairn.api.CairnException;
import io.cairn.api.ErrorCode;
import io.cairn.api.Range;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class CommitRequestTest {
    @Provide
    Arbitrary<CommitRequest> requests() {
        Arbitrary<byte[]> bytes = Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
        Arbitrary<Range> ranges = Combinators.combine(bytes, bytes).as(Range::new);
        Arbitrary<Mutation> mutations = Combinators.combine(Arbitraries.of(Mutation.Kind.values()), bytes, bytes)
                .as(Mutation::new);
        Arbitrary<byte[]> ids = Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(64).injectNull(0.3);
        return Combinators.combine(Arbitraries.longs(), ranges.list().ofMaxSize(5), ranges.list().ofMaxSize(5),
                mutations.list().ofMaxSize(10), ids).as(CommitRequest::new);
    }

    @Property(tries = 300)
    void encodeThenDecodeGivesAnEqualRequest(@ForAll("requests") CommitRequest r) {
        assertEquals(r, CommitRequest.decode(r.encode()));
        byte[] withHeader = r.encode(8);
        assertEquals(r.encode().length + 8, withHeader.length);
        assertEquals(r, CommitRequest.decode(withHeader, 8));
    }

    @Property(tries = 300)
    void truncatedOrExtendedEncodingsAreDataCorruptNeverAnotherFailure(@ForAll("requests") CommitRequest r,
            @ForAll int cut) {
        byte[] full = r.encode();
        int n = Math.floorMod(cut, full.length);
        CairnException e = assertThrows(CairnException.class, () -> CommitRequest.decode(Arrays.copyOf(full, n)));
        assertEquals(ErrorCode.DATA_CORRUPT, e.error());
        byte[] longer = Arrays.copyOf(full, full.length + 1);
        assertEquals(ErrorCode.DATA_CORRUPT,
                assertThrows(CairnException.class, () -> CommitRequest.decode(longer)).error());
    }

    @Test
    void unknownFormatAndMutationCodeAreNamed() {
        CommitRequest r = new CommitRequest(5, List.of(), List.of(),
                List.of(new Mutation(Mutation.Kind.SET, new byte[] {1}, new byte[] {2})), null);
        byte[] bad = r.encode();
        bad[0] = 9;
        CairnException e = assertThrows(CairnException.class, () -> CommitRequest.decode(bad));
        assertEquals(ErrorCode.DATA_CORRUPT, e.error());
        assertEquals(true, e.getMessage().contains("format 9"), e.getMessage());
    }

    @Test
    void sizeCountsKeysValuesAndConflictRanges() {
        CommitRequest r = new CommitRequest(0, List.of(new Range(new byte[2], new byte[3])),
                List.of(new Range(new byte[1], new byte[1])),
                List.of(new Mutation(Mutation.Kind.SET, new byte[4], new byte[10])), null);
        assertEquals(2 + 3 + 1 + 1 + 4 + 10, r.size());
    }

    @Test
    void transactionIdLongerThanTheLimitIsRejected() {
        assertEquals(ErrorCode.INVALID_ARGUMENT, assertThrows(CairnException.class,
                () -> new CommitRequest(0, List.of(), List.of(), List.of(), new byte[65])).error());
    }
}
