package io.cairn.api.partition;

import io.cairn.api.Bytes;
import io.cairn.api.CairnException;
import io.cairn.api.ErrorCode;
import io.cairn.api.KeyValue;
import io.cairn.api.KeyValueIterator;
import io.cairn.api.Range;
import io.cairn.api.ReadTransaction;
import io.cairn.api.Transaction;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.UUID;

/**
 * The keyspace directory: definitions of keyspaces stored in the database itself, read and
 * changed inside the caller's transaction, and reads and clears of a keyspace in user-key terms.
 * Stateless and thread-safe; every method blocks while it reads.
 *
 * <p>Layout, modelled on FoundationDB's directory layer (which keeps its nodes under {@code \xfe}
 * and its contents under short allocated prefixes, both inside the ordinary key space):
 * <ul>
 *   <li>{@code \xfecairn/keyspace/NAME}: the definition of keyspace NAME (a packed tuple: format
 *       version, id, scheme, the scheme's parameter, and from format 2 on the token of the create
 *       that wrote it);</li>
 *   <li>{@code \xfecairn/keyspace-next-id}: the next id to hand out, 8 bytes big-endian;</li>
 *   <li>{@code \xfd} followed by the packed tuple of a keyspace's id: its data, each key stored
 *       as its {@link Placement} says.</li>
 * </ul>
 * The {@code \xff} system range stays the engine's: user transactions may not read or write it,
 * and backups leave it out, whereas these keys are ordinary keys that backups keep. Plain key
 * commands can reach them too, as FoundationDB's can reach its directory; leave them to the
 * keyspace commands.
 */
public final class Keyspaces {
    /** The first byte of every keyspace's stored prefix. */
    public static final byte[] DATA_ROOT = {(byte) 0xFD};
    /** The prefix of every keyspace definition; the name follows. */
    public static final byte[] DIRECTORY = "\u00fecairn/keyspace/".getBytes(StandardCharsets.ISO_8859_1);
    /** The key holding the next keyspace id. */
    public static final byte[] NEXT_ID = "\u00fecairn/keyspace-next-id".getBytes(StandardCharsets.ISO_8859_1);

    private Keyspaces() {}

    /** The key of the definition of keyspace {@code name}. */
    public static byte[] definitionKey(String name) {
        return Keyspace.concat(DIRECTORY, name.getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * What {@link #create(Transaction, String, Placement, UUID)} did.
     *
     * @param keyspace the keyspace defined
     * @param written false when the definition was already there with the same creation token: an
     *     earlier attempt of the same call committed it (its reply was lost) and this one wrote nothing
     */
    public record Creation(Keyspace keyspace, boolean written) {}

    /**
     * Defines keyspace {@code name} with {@code placement} in {@code tx}, giving it a new id.
     *
     * <p>Runs once: a retry after {@code commit_unknown_result} that finds the definition this
     * call wrote reports "already exists". Retried work should use
     * {@link #create(Transaction, String, Placement, UUID)} with a token chosen outside the retries.
     *
     * @throws CairnException {@code invalid_argument} (2000) for an invalid name or a name already taken
     */
    public static Keyspace create(Transaction tx, String name, Placement placement) {
        return create(tx, name, placement, UUID.randomUUID()).keyspace();
    }

    /**
     * Defines keyspace {@code name} with {@code placement} in {@code tx}, giving it a new id, and
     * stores {@code creationToken} in the definition; when the name is already defined with that
     * same token, writes nothing and returns the existing keyspace.
     *
     * <p>Choose the token once per logical create, outside the retry loop: then an attempt retried
     * after {@code commit_unknown_result} recognises the definition its earlier attempt committed,
     * while any other create of the name (another token, or a format 1 definition, which has none)
     * is refused.
     *
     * @throws CairnException {@code invalid_argument} (2000) for an invalid name or a name already
     *     taken by another create
     */
    public static Creation create(Transaction tx, String name, Placement placement, UUID creationToken) {
        Keyspace.checkName(name);
        java.util.Objects.requireNonNull(creationToken, "creationToken");
        byte[] def = tx.get(definitionKey(name));
        if (def != null) {
            Keyspace existing = Keyspace.decode(name, def);
            if (Keyspace.creationToken(name, def).filter(creationToken::equals).isPresent()) {
                return new Creation(existing, false);
            }
            throw new CairnException(ErrorCode.INVALID_ARGUMENT, "keyspace '" + name + "' already exists ("
                    + existing.scheme() + "); drop it first or choose another name");
        }
        byte[] next = tx.get(NEXT_ID);
        long id = next == null ? 1 : ByteBuffer.wrap(next).getLong();
        tx.set(NEXT_ID, ByteBuffer.allocate(Long.BYTES).putLong(id + 1).array());
        Keyspace ks = new Keyspace(name, id, placement);
        tx.set(definitionKey(name), ks.encode(creationToken));
        return new Creation(ks, true);
    }

    /** The keyspace called {@code name} as {@code tx} sees it, or empty when there is none. */
    public static Optional<Keyspace> find(ReadTransaction tx, String name) {
        Keyspace.checkName(name);
        byte[] def = tx.get(definitionKey(name));
        return def == null ? Optional.empty() : Optional.of(Keyspace.decode(name, def));
    }

    /**
     * The keyspace called {@code name}.
     *
     * @throws CairnException {@code invalid_argument} (2000) when there is none or the name is invalid
     */
    public static Keyspace open(ReadTransaction tx, String name) {
        return find(tx, name).orElseThrow(() -> noSuchKeyspace(name));
    }

    /** The error for a keyspace {@code name} that is not defined: {@code invalid_argument} (2000). */
    public static CairnException noSuchKeyspace(String name) {
        return new CairnException(ErrorCode.INVALID_ARGUMENT, "there is no keyspace named '" + name + "'");
    }

    /** Every keyspace, in name order. */
    public static List<Keyspace> list(ReadTransaction tx) {
        List<Keyspace> out = new ArrayList<>();
        for (KeyValue kv : tx.getRange(Range.startsWith(DIRECTORY))) {
            String name = new String(kv.key(), DIRECTORY.length, kv.key().length - DIRECTORY.length,
                    StandardCharsets.US_ASCII);
            out.add(Keyspace.decode(name, kv.value()));
        }
        return out;
    }

    /** Removes the definition of {@code ks} and every key stored in it, in {@code tx}. */
    public static void drop(Transaction tx, Keyspace ks) {
        tx.clear(definitionKey(ks.name()));
        tx.clear(ks.storedRange());
    }

    /**
     * Up to {@code limit} pairs of {@code ks} with user keys in {@code [userBegin, userEnd)}, in
     * user-key order (or reverse), keys given as user keys; a limit of 0 means no limit. For hash,
     * reads every bucket and merges them.
     *
     * @param userEnd the first user key after the range (exclusive), or {@code null} for no bound
     */
    public static List<KeyValue> scan(ReadTransaction tx, Keyspace ks, byte[] userBegin, byte[] userEnd,
            int limit, boolean reverse) {
        List<Range> ranges = ks.storedRanges(userBegin, userEnd);
        if (ranges.size() == 1) {
            List<KeyValue> page = tx.getRange(ranges.get(0), limit, reverse);
            List<KeyValue> out = new ArrayList<>(page.size());
            for (KeyValue kv : page) {
                out.add(new KeyValue(ks.userKey(kv.key()), kv.value()));
            }
            return out;
        }
        Comparator<Cursor> order = (a, b) -> Bytes.compare(a.userKey, b.userKey);
        PriorityQueue<Cursor> heads = new PriorityQueue<>(reverse ? order.reversed() : order);
        List<KeyValueIterator> open = new ArrayList<>(ranges.size());
        try {
            for (Range r : ranges) {
                if (r.isEmpty()) {
                    continue;
                }
                KeyValueIterator it = tx.iterate(r, reverse);
                open.add(it);
                Cursor c = new Cursor(it);
                if (c.advance(ks)) {
                    heads.add(c);
                }
            }
            List<KeyValue> out = new ArrayList<>();
            while (!heads.isEmpty() && (limit == 0 || out.size() < limit)) {
                Cursor c = heads.poll();
                out.add(new KeyValue(c.userKey, c.value));
                if (c.advance(ks)) {
                    heads.add(c);
                }
            }
            return out;
        } finally {
            open.forEach(KeyValueIterator::close);
        }
    }

    /** Removes every key of {@code ks} with a user key in {@code [userBegin, userEnd)} ({@code null}: no bound), in every bucket. */
    public static void clear(Transaction tx, Keyspace ks, byte[] userBegin, byte[] userEnd) {
        for (Range r : ks.storedRanges(userBegin, userEnd)) {
            if (!r.isEmpty()) {
                tx.clear(r);
            }
        }
    }

    /** One bucket's iterator and the pair at its head. */
    private static final class Cursor {
        private final KeyValueIterator it;
        private byte[] userKey;
        private byte[] value;

        Cursor(KeyValueIterator it) {
            this.it = it;
        }

        boolean advance(Keyspace ks) {
            if (!it.hasNext()) {
                return false;
            }
            KeyValue kv = it.next();
            userKey = ks.userKey(kv.key());
            value = kv.value();
            return true;
        }
    }
}
