package io.cairn.api.partition;

import io.cairn.api.Bytes;
import io.cairn.api.CairnException;
import io.cairn.api.ErrorCode;
import io.cairn.api.tuple.Tuple;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.CRC32C;

/**
 * How a keyspace (a named key prefix) places its keys into range partitions. All three schemes
 * reduce to ranges: a scheme says under which stored key a user key lives, and at which stored
 * keys partitions must begin so that each part of the scheme has partitions of its own.
 */
public sealed interface Placement {
    /** The key {@code userKey} of the keyspace at {@code prefix} is stored under. */
    byte[] storedKey(byte[] prefix, byte[] userKey);

    /** The user key stored under {@code stored}, which must be a key of the keyspace at {@code prefix}. */
    byte[] userKey(byte[] prefix, byte[] stored);

    /**
     * The stored keys, in order and without repeats, at which partitions must begin for this
     * scheme: the keyspace's own bounds (its prefix and the first key after all keys with it),
     * and the bounds of each hash bucket or listed value.
     */
    List<byte[]> boundaries(byte[] prefix);

    /** Range partitioning: keys stored as they are after the prefix; partitions split by size and load. */
    record Range() implements Placement {
        @Override
        public byte[] storedKey(byte[] prefix, byte[] userKey) {
            return concat(prefix, userKey);
        }

        @Override
        public byte[] userKey(byte[] prefix, byte[] stored) {
            return strip(prefix, stored, 0);
        }

        @Override
        public List<byte[]> boundaries(byte[] prefix) {
            return List.of(prefix.clone(), Bytes.strinc(prefix));
        }
    }

    /**
     * Hash partitioning: a key is stored under its bucket (two bytes, big-endian, the CRC32C of
     * the key modulo {@code buckets}) after the prefix, so that keys spread evenly over the
     * buckets' ranges whatever their order; a scan of the keyspace reads every bucket and merges.
     *
     * @param buckets how many buckets, 1 to 1,024
     */
    record Hash(int buckets) implements Placement {
        /**
         * The largest number of buckets. The stored form has room for 65,536 (two bytes), but a scan
         * reads every bucket and a clear writes one range per bucket, so both cost the bucket count
         * whatever the result; 1,024 keeps a clear of the whole keyspace well inside one transaction.
         */
        public static final int MAX_BUCKETS = 1 << 10;

        /** Checks the number of buckets. */
        public Hash {
            if (buckets < 1 || buckets > MAX_BUCKETS) {
                throw new CairnException(ErrorCode.INVALID_ARGUMENT, "--buckets must be between 1 and " + MAX_BUCKETS
                        + ", not " + buckets);
            }
        }

        /** The bucket of {@code userKey}. */
        public int bucket(byte[] userKey) {
            CRC32C crc = new CRC32C();
            crc.update(userKey);
            return (int) (crc.getValue() % buckets);
        }

        @Override
        public byte[] storedKey(byte[] prefix, byte[] userKey) {
            int b = bucket(userKey);
            return concat(concat(prefix, new byte[] {(byte) (b >>> 8), (byte) b}), userKey);
        }

        @Override
        public byte[] userKey(byte[] prefix, byte[] stored) {
            return strip(prefix, stored, 2);
        }

        @Override
        public List<byte[]> boundaries(byte[] prefix) {
            List<byte[]> out = new ArrayList<>(buckets + 1);
            out.add(prefix.clone()); // bucket 0's range begins with the keyspace
            for (int b = 1; b < buckets; b++) {
                out.add(concat(prefix, new byte[] {(byte) (b >>> 8), (byte) b}));
            }
            out.add(Bytes.strinc(prefix));
            return out;
        }
    }

    /**
     * List partitioning: keys are tuples, and the value of their first element chooses a group;
     * each listed value has a range of its own (the keys whose first element it is), and keys with
     * any other first value fall between them, in the default partitions.
     *
     * @param groups the values of each group; a value appears in one group only
     */
    record ListOf(List<List<Object>> groups) implements Placement {
        /** Checks that there is a value and that no value is listed twice. */
        public ListOf {
            groups = List.copyOf(groups.stream().map(List::copyOf).toList());
            Set<Object> seen = new HashSet<>();
            for (List<Object> g : groups) {
                if (g.isEmpty()) {
                    throw new CairnException(ErrorCode.INVALID_ARGUMENT, "a list partition group needs at least one value");
                }
                for (Object v : g) {
                    Object key = v instanceof byte[] b ? java.nio.ByteBuffer.wrap(b) : v;
                    if (!seen.add(key)) {
                        throw new CairnException(ErrorCode.INVALID_ARGUMENT, "the value " + v
                                + " is listed twice; each value belongs to one group");
                    }
                }
            }
            if (seen.isEmpty()) {
                throw new CairnException(ErrorCode.INVALID_ARGUMENT, "list partitioning needs at least one value");
            }
        }

        /**
         * The group of {@code userKey} (a packed tuple): the index of the group listing its first
         * element, or -1 for the default partitions (an empty tuple, or a value not listed).
         *
         * @throws CairnException 2000 when the key is not a packed tuple
         */
        public int group(byte[] userKey) {
            Tuple t = Tuple.fromBytes(userKey);
            if (t.size() == 0) {
                return -1;
            }
            byte[] first = Tuple.of(t.get(0)).pack();
            for (int g = 0; g < groups.size(); g++) {
                for (Object v : groups.get(g)) {
                    if (java.util.Arrays.equals(Tuple.of(v).pack(), first)) {
                        return g;
                    }
                }
            }
            return -1;
        }

        @Override
        public byte[] storedKey(byte[] prefix, byte[] userKey) {
            return concat(prefix, userKey);
        }

        @Override
        public byte[] userKey(byte[] prefix, byte[] stored) {
            return strip(prefix, stored, 0);
        }

        @Override
        public List<byte[]> boundaries(byte[] prefix) {
            java.util.TreeSet<byte[]> keys = new java.util.TreeSet<>(Bytes::compare);
            keys.add(prefix.clone());
            keys.add(Bytes.strinc(prefix));
            for (List<Object> g : groups) {
                for (Object v : g) {
                    byte[] packed = Tuple.of(v).pack(prefix);
                    keys.add(packed);
                    keys.add(Bytes.strinc(packed));
                }
            }
            return new ArrayList<>(keys);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static byte[] strip(byte[] prefix, byte[] stored, int extra) {
        if (!Bytes.startsWith(stored, prefix) || stored.length < prefix.length + extra) {
            throw new CairnException(ErrorCode.INVALID_ARGUMENT, "key " + Bytes.printable(stored)
                    + " is not in the keyspace at " + Bytes.printable(prefix));
        }
        return java.util.Arrays.copyOfRange(stored, prefix.length + extra, stored.length);
    }
}
