package io.cairn.bench.storage;

import java.util.Random;

/**
 * Keys and values in LevelDB's db_bench convention: 16-byte decimal keys ({@code %016d}) and
 * 100-byte values. Not thread-safe.
 */
final class BenchData {
    /** Keys per database, as in db_bench's default {@code --num}. Fill workloads wrap around it. */
    static final int KEY_SPACE = 1_000_000;
    /** Keys loaded before the read workloads; smaller than db_bench's so that setup stays short. */
    static final int READ_KEYS = 200_000;
    static final int VALUE_SIZE = 100;

    private final byte[][] values = new byte[64][];
    private final Random random = new Random(301);
    private int nextValue;

    BenchData() {
        for (int i = 0; i < values.length; i++) {
            values[i] = new byte[VALUE_SIZE];
            random.nextBytes(values[i]);
        }
    }

    /** The 16-byte key for {@code n}. */
    static byte[] key(long n) {
        byte[] key = new byte[16];
        long rest = n;
        for (int i = key.length - 1; i >= 0; i--) {
            key[i] = (byte) ('0' + rest % 10);
            rest /= 10;
        }
        return key;
    }

    /** A key drawn uniformly from [0, bound). */
    byte[] randomKey(int bound) {
        return key(random.nextInt(bound));
    }

    /** One of a few pre-made random values, in turn. */
    byte[] value() {
        nextValue = (nextValue + 1) & (values.length - 1);
        return values[nextValue];
    }
}
