package io.cairn.client;

import io.cairn.api.Bytes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Compares replicas slice by slice: every replica hashes the same key range at the same version,
 * and the replicas agree when every slice has the same key count and hash everywhere. Collects a
 * readable problem for each slice where they differ, and a digest of all slices per replica.
 * Not thread-safe; used by one check.
 */
public final class ReplicaDigests {
    /** Slices named in problems at most; further differing slices are only counted. */
    static final int MAX_REPORTED = 20;

    /** One replica's hash of one slice: how many keys, their key and value bytes, and the SHA-256 (hex). */
    public record Slice(long count, long bytes, String hash) {}

    private final Map<String, MessageDigest> digests = new LinkedHashMap<>();
    private final Map<String, long[]> totals = new LinkedHashMap<>();
    private final List<String> problems = new ArrayList<>();
    private long slices;
    private long differing;

    /**
     * Adds one slice, {@code [begin, end)} at {@code version}, as each replica hashed it (by replica
     * name, in a stable order); a replica missing from {@code byReplica} is not compared.
     */
    public void add(byte[] begin, byte[] end, long version, Map<String, Slice> byReplica) {
        slices++;
        Slice first = null;
        boolean same = true;
        for (Map.Entry<String, Slice> e : byReplica.entrySet()) {
            Slice s = e.getValue();
            digests.computeIfAbsent(e.getKey(), k -> sha256()).update(HexFormat.of().parseHex(s.hash()));
            long[] t = totals.computeIfAbsent(e.getKey(), k -> new long[2]);
            t[0] += s.count();
            t[1] += s.bytes();
            if (first == null) {
                first = s;
            } else if (!first.equals(s)) {
                same = false;
            }
        }
        if (same) {
            return;
        }
        differing++;
        if (differing > MAX_REPORTED) {
            return;
        }
        StringBuilder b = new StringBuilder("replicas differ in keys ['").append(Bytes.printable(begin)).append("', '")
                .append(Bytes.printable(end)).append("') at version ").append(version).append(':');
        String sep = " ";
        for (Map.Entry<String, Slice> e : byReplica.entrySet()) {
            b.append(sep).append(e.getKey()).append(" has ").append(e.getValue().count()).append(" keys (")
                    .append(e.getValue().bytes()).append(" bytes, hash ").append(e.getValue().hash(), 0, 12).append(')');
            sep = ", ";
        }
        problems.add(b.toString());
    }

    /** Records a problem that is not a difference between replicas, e.g. one that could not be reached. */
    public void problem(String sentence) {
        problems.add(sentence);
    }

    /** One sentence per problem; empty when every slice agreed on every replica. */
    public List<String> problems() {
        List<String> out = new ArrayList<>(problems);
        if (differing > MAX_REPORTED) {
            out.add("replicas differ in " + (differing - MAX_REPORTED) + " more slice(s) not listed");
        }
        return out;
    }

    /** How many slices were compared. */
    public long slices() {
        return slices;
    }

    /** Total keys hashed by {@code replica}, or 0 when it hashed none. */
    public long keys(String replica) {
        long[] t = totals.get(replica);
        return t == null ? 0 : t[0];
    }

    /** Total key and value bytes hashed by {@code replica}. */
    public long bytes(String replica) {
        long[] t = totals.get(replica);
        return t == null ? 0 : t[1];
    }

    /** A digest of every slice {@code replica} hashed (hex), equal on replicas that agree everywhere. */
    public String digest(String replica) {
        MessageDigest d = digests.get(replica);
        return d == null ? "" : HexFormat.of().formatHex(((MessageDigest) clone(d)).digest());
    }

    private static Object clone(MessageDigest d) {
        try {
            return d.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this Java runtime has no SHA-256", e);
        }
    }
}
