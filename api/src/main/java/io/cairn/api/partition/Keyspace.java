package io.cairn.api.partition;

import io.cairn.api.Bytes;
import io.cairn.api.CairnException;
import io.cairn.api.ErrorCode;
import io.cairn.api.Limits;
import io.cairn.api.Range;
import io.cairn.api.tuple.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A keyspace: a named key prefix (like a table or a collection) whose keys are placed by a
 * {@link Placement} scheme. Immutable and thread-safe.
 *
 * <p>The keys a user reads and writes ("user keys") are stored under {@link #prefix()}, the data
 * root {@link Keyspaces#DATA_ROOT} followed by the packed tuple of the keyspace's {@code id}.
 * Packed integers are prefix-free, so two keyspaces never share a key, and ids are never reused,
 * so a keyspace created after another of the same name was dropped starts empty.
 *
 * @param name the name, see {@link #checkName}
 * @param id the number the directory gave it, 1 or more, never reused
 * @param placement how its keys are placed
 */
public record Keyspace(String name, long id, Placement placement) {
    /** The longest name, in characters. */
    public static final int MAX_NAME_LENGTH = 64;
    /**
     * Version of the stored definition's encoding that this version writes: 2 appends the
     * creation token to format 1's elements. Both are read.
     */
    static final long FORMAT_VERSION = 2;
    /** The first format: version, id, scheme and the scheme's parameter, no creation token. */
    static final long FORMAT_VERSION_1 = 1;

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");

    /** Checks the name and the id. */
    public Keyspace {
        checkName(name);
        if (id < 1) {
            throw new IllegalArgumentException("keyspace id must be 1 or more, not " + id);
        }
        java.util.Objects.requireNonNull(placement, "placement");
    }

    /**
     * Checks a keyspace name: 1 to {@value #MAX_NAME_LENGTH} letters, digits, {@code _}, {@code .}
     * or {@code -}, starting with a letter or digit.
     *
     * @throws CairnException {@code invalid_argument} (2000) naming what is wrong
     */
    public static void checkName(String name) {
        if (name == null || name.isEmpty()) {
            throw new CairnException(ErrorCode.INVALID_ARGUMENT, "a keyspace name must not be empty");
        }
        if (name.length() > MAX_NAME_LENGTH) {
            throw new CairnException(ErrorCode.INVALID_ARGUMENT, "keyspace name '" + name + "' is "
                    + name.length() + " characters; the limit is " + MAX_NAME_LENGTH);
        }
        if (!NAME.matcher(name).matches()) {
            throw new CairnException(ErrorCode.INVALID_ARGUMENT, "invalid keyspace name '" + name
                    + "': use letters, digits, '_', '.' and '-', starting with a letter or digit");
        }
    }

    /** The scheme's name: {@code range}, {@code hash} or {@code list}. */
    public String scheme() {
        return scheme(placement);
    }

    static String scheme(Placement p) {
        if (p instanceof Placement.Hash) {
            return "hash";
        }
        return p instanceof Placement.ListOf ? "list" : "range";
    }

    /** The prefix every stored key of this keyspace starts with. */
    public byte[] prefix() {
        return Tuple.of(id).pack(Keyspaces.DATA_ROOT);
    }

    /** Every stored key of this keyspace: the keys starting with {@link #prefix()}. */
    public Range storedRange() {
        return Range.startsWith(prefix());
    }

    /** The stored key of {@code userKey}. */
    public byte[] storedKey(byte[] userKey) {
        return placement.storedKey(prefix(), userKey);
    }

    /**
     * The user key stored under {@code stored}.
     *
     * @throws CairnException {@code invalid_argument} when {@code stored} is not a key of this keyspace
     */
    public byte[] userKey(byte[] stored) {
        return placement.userKey(prefix(), stored);
    }

    /** How many bytes the stored form adds to a user key: the prefix, and the bucket for hash. */
    public int overhead() {
        return prefix().length + (placement instanceof Placement.Hash ? 2 : 0);
    }

    /** The longest user key, so that its stored key stays within {@link Limits#MAX_KEY_SIZE}. */
    public int maxUserKeySize() {
        return Limits.MAX_KEY_SIZE - overhead();
    }

    /** The stored keys at which partitions must begin for this keyspace, in order; see {@link Placement#boundaries}. */
    public List<byte[]> boundaries() {
        return placement.boundaries(prefix());
    }

    /**
     * The stored ranges that hold the user keys of {@code [userBegin, userEnd)}: one per bucket,
     * in bucket order, for hash; one for range and list.
     *
     * @param userBegin the first user key (inclusive)
     * @param userEnd the first user key after the range (exclusive), or {@code null} for no bound
     */
    public List<Range> storedRanges(byte[] userBegin, byte[] userEnd) {
        byte[] p = prefix();
        List<byte[]> bases = new ArrayList<>();
        if (placement instanceof Placement.Hash h) {
            for (int b = 0; b < h.buckets(); b++) {
                bases.add(concat(p, new byte[] {(byte) (b >>> 8), (byte) b}));
            }
        } else {
            bases.add(p);
        }
        List<Range> out = new ArrayList<>(bases.size());
        for (byte[] base : bases) {
            out.add(new Range(concat(base, userBegin), userEnd == null ? Bytes.strinc(base) : concat(base, userEnd)));
        }
        return out;
    }

    /**
     * The stored definition: a packed tuple of the format version, id, scheme, the scheme's
     * parameter (hash: the bucket count; list: the value groups; range: none) and
     * {@code creationToken}, the token of the command invocation that created it.
     */
    byte[] encode(UUID creationToken) {
        Tuple t = Tuple.of(FORMAT_VERSION, id, scheme());
        if (placement instanceof Placement.Hash h) {
            t = t.add((long) h.buckets());
        } else if (placement instanceof Placement.ListOf l) {
            Tuple groups = Tuple.empty();
            for (List<Object> g : l.groups()) {
                groups = groups.add(Tuple.fromList(g));
            }
            t = t.add(groups);
        }
        return t.add(java.util.Objects.requireNonNull(creationToken, "creationToken")).pack();
    }

    /**
     * The keyspace {@code name} from its stored definition, of format 1 or 2.
     *
     * @throws CairnException {@code data_corrupt} (1511) when the bytes are not a definition this
     *     version reads
     */
    static Keyspace decode(String name, byte[] stored) {
        return decodeTuple(name, parse(name, stored));
    }

    /**
     * The creation token in a stored definition, or empty for a format 1 definition (which has none).
     *
     * @throws CairnException {@code data_corrupt} (1511) when the bytes are not a definition this
     *     version reads
     */
    static Optional<UUID> creationToken(String name, byte[] stored) {
        Tuple t = parse(name, stored);
        decodeTuple(name, t);
        if (t.getLong(0) == FORMAT_VERSION_1) {
            return Optional.empty();
        }
        try {
            return Optional.of(t.getUUID(t.size() - 1));
        } catch (RuntimeException e) {
            throw corrupt(name, "the creation token cannot be read: " + e.getMessage());
        }
    }

    private static Tuple parse(String name, byte[] stored) {
        try {
            return Tuple.fromBytes(stored);
        } catch (RuntimeException e) {
            throw corrupt(name, String.valueOf(e.getMessage()));
        }
    }

    private static Keyspace decodeTuple(String name, Tuple t) {
        try {
            long version = t.getLong(0);
            if (version != FORMAT_VERSION && version != FORMAT_VERSION_1) {
                throw corrupt(name, "format version " + version + " is not known to this version of cairn");
            }
            long id = t.getLong(1);
            String scheme = t.getString(2);
            // Format 2 ends with the creation token, after the elements of format 1.
            int elements = version == FORMAT_VERSION_1 ? t.size() : t.size() - 1;
            int expected = scheme.equals("range") ? 3 : 4;
            if (elements != expected) {
                throw corrupt(name, "format " + version + " " + scheme + " definition has " + t.size()
                        + " elements");
            }
            Placement p = switch (scheme) {
                case "range" -> new Placement.Range();
                case "hash" -> new Placement.Hash(Math.toIntExact(t.getLong(3)));
                case "list" -> {
                    List<List<Object>> groups = new ArrayList<>();
                    Tuple g = t.getNestedTuple(3);
                    for (int i = 0; i < g.size(); i++) {
                        groups.add(g.getNestedTuple(i).toList());
                    }
                    yield new Placement.ListOf(groups);
                }
                default -> throw corrupt(name, "unknown scheme '" + scheme + "'");
            };
            return new Keyspace(name, id, p);
        } catch (CairnException e) {
            if (e.error() == ErrorCode.DATA_CORRUPT) {
                throw e;
            }
            throw corrupt(name, e.getMessage());
        } catch (RuntimeException e) {
            throw corrupt(name, String.valueOf(e.getMessage()));
        }
    }

    private static CairnException corrupt(String name, String why) {
        return new CairnException(ErrorCode.DATA_CORRUPT, "the definition of keyspace '" + name
                + "' cannot be read: " + why);
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
