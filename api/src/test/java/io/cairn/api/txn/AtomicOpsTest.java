package io.cairn.api.txn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class AtomicOpsTest {
    private static byte[] hex(String s) {
        if (s.equals("-")) {
            return null;
        }
        byte[] b = new byte[s.length() / 2];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
        }
        return b;
    }

    @ParameterizedTest(name = "{0}({1}, {2}) = {3}")
    @CsvSource({
        "ADD, -, 0500, 0500",
        "ADD, ff00, 0100, 0001",
        "ADD, ffff, 0100, 0000",
        "ADD, 010203, 01, 02",
        "ADD, 01, 01000000, 02000000",
        "MIN, -, 05, 00",
        "MIN, 0a, 05, 05",
        "MIN, 0001, ff00, ff00",
        "MAX, -, 05, 05",
        "MAX, 0001, ff00, 0001",
        "MAX, 0a0b0c, 0100, 0a0b",
        "COMPARE_AND_CLEAR, 0102, 0102, -",
        "COMPARE_AND_CLEAR, 0102, 0103, 0102",
        "COMPARE_AND_CLEAR, -, 01, -",
        "SET_IF_ABSENT, -, 07, 07",
        "SET_IF_ABSENT, 01, 07, 01",
    })
    void atomicOperationGivesTheDocumentedValue(Mutation.Kind kind, String current, String param, String expected) {
        byte[] got = AtomicOps.apply(kind, hex(current), hex(param));
        if (expected.equals("-")) {
            assertNull(got);
        } else {
            assertArrayEquals(hex(expected), got);
        }
    }

    @Test
    void parameterIsCopiedNotShared() {
        byte[] p = {1};
        byte[] got = AtomicOps.apply(Mutation.Kind.SET_IF_ABSENT, null, p);
        p[0] = 9;
        assertArrayEquals(new byte[] {1}, got);
        byte[] current = {4};
        assertSame(current, AtomicOps.apply(Mutation.Kind.SET_IF_ABSENT, current, p));
    }

    @Test
    void plainWritesAreNotAtomicOperations() {
        assertThrows(IllegalArgumentException.class, () -> AtomicOps.apply(Mutation.Kind.SET, null, new byte[1]));
    }
}
