package io.cairn.commands;

import io.cairn.api.Transaction;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The state a shell keeps between commands: the interactive transaction opened with
 * {@code begin}, and the keys used recently, for tab completion.
 *
 * <p>Not thread-safe; the shell runs one command at a time.
 */
public final class Session {
    /** How many recent keys completion remembers. */
    public static final int MAX_RECENT_KEYS = 256;

    private final boolean interactive;
    private final LinkedHashSet<Key> recentKeys = new LinkedHashSet<>();
    private final java.util.TreeSet<String> keyspaces = new java.util.TreeSet<>();
    private Transaction transaction;

    /** A session; {@code interactive} is true in the shell, where {@code begin} is allowed. */
    public Session(boolean interactive) {
        this.interactive = interactive;
    }

    /** Whether this session belongs to a shell. */
    public boolean isInteractive() {
        return interactive;
    }

    /** Whether {@code begin} opened a transaction that is not yet committed or rolled back. */
    public boolean inTransaction() {
        return transaction != null;
    }

    /** The open interactive transaction, or null. */
    public Transaction transaction() {
        return transaction;
    }

    /** Makes {@code tx} the open interactive transaction. */
    public void begin(Transaction tx) {
        if (transaction != null) {
            throw new IllegalStateException("a transaction is already open");
        }
        transaction = tx;
    }

    /** Forgets the open transaction and returns it (null when none); the caller commits or closes it. */
    public Transaction end() {
        Transaction tx = transaction;
        transaction = null;
        return tx;
    }

    /** Remembers {@code key} as recently used, dropping the oldest beyond {@link #MAX_RECENT_KEYS}. */
    public void rememberKey(byte[] key) {
        Key k = new Key(key.clone());
        recentKeys.remove(k);
        recentKeys.add(k);
        if (recentKeys.size() > MAX_RECENT_KEYS) {
            Iterator<Key> it = recentKeys.iterator();
            it.next();
            it.remove();
        }
    }

    /** The recently used keys, most recent last. */
    public List<byte[]> recentKeys() {
        List<byte[]> keys = new ArrayList<>(recentKeys.size());
        for (Key k : recentKeys) {
            keys.add(k.bytes.clone());
        }
        return keys;
    }

    /**
     * Remembers the names of keyspaces that exist now, for completion: {@code known} replaces
     * what was remembered when {@code complete}, otherwise is added to it.
     */
    public void rememberKeyspaces(java.util.Collection<String> known, boolean complete) {
        if (complete) {
            keyspaces.clear();
        }
        keyspaces.addAll(known);
    }

    /** Forgets keyspace {@code name} (it was dropped). */
    public void forgetKeyspace(String name) {
        keyspaces.remove(name);
    }

    /** The keyspace names remembered, in name order. */
    public List<String> keyspaces() {
        return List.copyOf(keyspaces);
    }

    private record Key(byte[] bytes) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Arrays.equals(bytes, k.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }
    }
}
