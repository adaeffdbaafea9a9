package io.cairn.ycsb;

import io.cairn.api.CairnException;
import io.cairn.api.Database;
import io.cairn.api.KeyValue;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.Vector;
import java.util.concurrent.atomic.AtomicInteger;
import site.ycsb.ByteArrayByteIterator;
import site.ycsb.ByteIterator;
import site.ycsb.DB;
import site.ycsb.DBException;
import site.ycsb.Status;

/**
 * A YCSB binding for Cairn: {@code -db io.cairn.ycsb.CairnClient}. Records are laid out as
 * {@link Records} describes: one key per record holding all its fields.
 *
 * <p>Properties ({@code -p name=value}): {@code cairn.cluster} ({@code HOST:PORT,...}: a cluster
 * through {@code RemoteDatabase}) or {@code cairn.dir} (an embedded database's data directory,
 * opened in this process), exactly one of them; {@code cairn.consistency}
 * ({@code linearizable}, the default, or {@code serializable}); {@code cairn.connections} (cluster
 * connections the threads are spread over, round-robin; default 1); {@code cairn.tls-ca} (a PEM CA
 * file: reach a cluster that serves TLS); {@code cairn.backend}
 * ({@code leveldb}, the default, or {@code memory}) and {@code cairn.sync} ({@code true}, the
 * default: every commit is forced to disk) for the embedded database; {@code cairn.prefix} (the
 * prefix of every key; default {@code ycsb/}).
 *
 * <p>Read and scan read at one version each; insert and delete are one blind write each; update
 * reads the record, merges the given fields over its own and writes it back in one serializable
 * transaction, retried on conflict, so concurrent updates of other fields are never lost. An
 * update or read of a missing record is {@code NOT_FOUND}; a failure after Cairn's retries is
 * {@code ERROR}, the first few of them printed to standard error. One instance per YCSB thread.
 */
public final class CairnClient extends DB {
    /** The key prefix used unless {@code cairn.prefix} says otherwise. */
    public static final String DEFAULT_PREFIX = "ycsb/";

    /** Errors printed per process; later ones are only counted by YCSB. */
    private static final int PRINTED_ERRORS = 10;
    private static final AtomicInteger PRINTED = new AtomicInteger();

    private SharedDatabases.Target target;
    private Database db;
    private String prefix;

    /** Opens (or shares) the database the properties name; blocks while it opens. */
    @Override
    public void init() throws DBException {
        try {
            target = SharedDatabases.Target.of(getProperties());
            prefix = getProperties().getProperty("cairn.prefix", DEFAULT_PREFIX);
            db = SharedDatabases.acquire(target);
        } catch (RuntimeException e) {
            throw new DBException("cannot open Cairn: " + e.getMessage(), e);
        }
    }

    /** Gives the database back; the last thread closes it. */
    @Override
    public void cleanup() {
        if (db != null) {
            db = null;
            SharedDatabases.release(target);
        }
    }

    @Override
    public Status read(String table, String key, Set<String> fields, Map<String, ByteIterator> result) {
        if (!Records.validTable(table)) {
            return Status.BAD_REQUEST;
        }
        byte[] k = Records.key(prefix, table, key);
        try {
            byte[] value = db.read(tx -> tx.get(k));
            if (value == null) {
                return Status.NOT_FOUND;
            }
            put(Records.decode(value, fields), result);
            return Status.OK;
        } catch (CairnException | IllegalArgumentException e) {
            return failed("read", e);
        }
    }

    @Override
    public Status scan(String table, String startkey, int recordcount, Set<String> fields,
                       Vector<HashMap<String, ByteIterator>> result) {
        if (!Records.validTable(table) || recordcount < 1) {
            return Status.BAD_REQUEST;
        }
        io.cairn.api.Range range = new io.cairn.api.Range(Records.key(prefix, table, startkey),
                Records.table(prefix, table).end());
        try {
            List<KeyValue> rows = db.read(tx -> tx.getRange(range, recordcount, false));
            for (KeyValue kv : rows) {
                HashMap<String, ByteIterator> row = new HashMap<>();
                put(Records.decode(kv.value(), fields), row);
                result.add(row);
            }
            return Status.OK;
        } catch (CairnException | IllegalArgumentException e) {
            return failed("scan", e);
        }
    }

    @Override
    public Status update(String table, String key, Map<String, ByteIterator> values) {
        if (!Records.validTable(table)) {
            return Status.BAD_REQUEST;
        }
        byte[] k = Records.key(prefix, table, key);
        Map<String, byte[]> changed = bytes(values);
        try {
            return db.run(tx -> {
                byte[] old = tx.get(k);
                if (old == null) {
                    return Status.NOT_FOUND;
                }
                TreeMap<String, byte[]> merged = Records.decode(old, null);
                merged.putAll(changed);
                tx.set(k, Records.encode(merged));
                return Status.OK;
            });
        } catch (CairnException | IllegalArgumentException e) {
            return failed("update", e);
        }
    }

    @Override
    public Status insert(String table, String key, Map<String, ByteIterator> values) {
        if (!Records.validTable(table)) {
            return Status.BAD_REQUEST;
        }
        byte[] k = Records.key(prefix, table, key);
        byte[] v = Records.encode(bytes(values));
        try {
            db.run(tx -> {
                tx.set(k, v);
                return null;
            });
            return Status.OK;
        } catch (CairnException e) {
            return failed("insert", e);
        }
    }

    @Override
    public Status delete(String table, String key) {
        if (!Records.validTable(table)) {
            return Status.BAD_REQUEST;
        }
        byte[] k = Records.key(prefix, table, key);
        try {
            db.run(tx -> {
                tx.clear(k);
                return null;
            });
            return Status.OK;
        } catch (CairnException e) {
            return failed("delete", e);
        }
    }

    /** YCSB's values as byte arrays; reading a {@link ByteIterator} consumes it, so this runs once per call. */
    private static Map<String, byte[]> bytes(Map<String, ByteIterator> values) {
        Map<String, byte[]> out = new HashMap<>();
        values.forEach((name, v) -> out.put(name, v.toArray()));
        return out;
    }

    private static void put(Map<String, byte[]> fields, Map<String, ByteIterator> into) {
        fields.forEach((name, v) -> into.put(name, new ByteArrayByteIterator(v)));
    }

    private static Status failed(String operation, RuntimeException e) {
        if (PRINTED.getAndIncrement() < PRINTED_ERRORS) {
            System.err.println("cairn-ycsb: " + operation + " failed: " + e.getMessage());
        }
        return Status.ERROR;
    }
}
