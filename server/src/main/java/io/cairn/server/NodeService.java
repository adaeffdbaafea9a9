package io.cairn.server;

import io.cairn.api.CairnException;
import io.cairn.api.KeyValue;
import io.cairn.client.protocol.Messages.Consistency;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * What a node does for clients, independent of the wire: versions, reads, commits, status and
 * administration.
 *
 * <p>Implementations are thread-safe. Failures complete the future exceptionally with a
 * {@link CairnException}; a {@link NotLeaderException} tells the client where the leader is.
 */
public interface NodeService {
    /** A read version: confirmed with a majority when linearizable, the local one when serializable. */
    CompletableFuture<Long> readVersion(Consistency consistency);

    /** The value of {@code key} at {@code version}, or {@code null}. */
    CompletableFuture<byte[]> get(long version, byte[] key);

    /** Up to {@code limit} pairs of {@code [begin, end)} at {@code version}. */
    CompletableFuture<RangeResult> getRange(long version, byte[] begin, byte[] end, int limit, boolean reverse);

    /** Commits an encoded commit request; completes with the commit version. */
    CompletableFuture<Long> commit(byte[] encodedRequest);

    /** This node's status as ordered name/value pairs. */
    Map<String, String> status();

    /** Runs an administrative command (membership changes, ...); completes with its result. */
    CompletableFuture<Map<String, String>> admin(String command, List<String> args);

    /** Pairs of a range read, and whether the range holds more. */
    record RangeResult(List<KeyValue> pairs, boolean more) {}
}
