package io.cairn.server;

import io.cairn.api.Bytes;
import io.cairn.api.KeyValue;
import io.cairn.client.protocol.Messages.Consistency;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/** A single-version in-memory service for protocol tests: commits store the request bytes under a key. */
final class MapNodeService implements NodeService {
    final ConcurrentSkipListMap<byte[], byte[]> data = new ConcurrentSkipListMap<>(Bytes::compare);
    final AtomicLong version = new AtomicLong(1);
    volatile CompletableFuture<Long> hang;
    /** When set, commits complete on this executor's thread instead of the caller's, as Raft's would. */
    volatile java.util.concurrent.Executor commitThread;

    @Override
    public CompletableFuture<Long> readVersion(Consistency consistency) {
        return hang != null ? hang : CompletableFuture.completedFuture(version.get());
    }

    @Override
    public CompletableFuture<byte[]> get(long v, byte[] key) {
        return CompletableFuture.completedFuture(data.get(key));
    }

    @Override
    public CompletableFuture<RangeResult> getRange(long v, byte[] begin, byte[] end, int limit, boolean reverse) {
        Map<byte[], byte[]> sub = reverse ? data.subMap(begin, end).descendingMap() : data.subMap(begin, end);
        List<KeyValue> out = new ArrayList<>();
        for (Map.Entry<byte[], byte[]> e : sub.entrySet()) {
            if (limit > 0 && out.size() == limit) {
                return CompletableFuture.completedFuture(new RangeResult(out, true));
            }
            out.add(new KeyValue(e.getKey(), e.getValue()));
        }
        return CompletableFuture.completedFuture(new RangeResult(out, false));
    }

    @Override
    public CompletableFuture<Long> commit(byte[] request) {
        java.util.concurrent.Executor elsewhere = commitThread;
        if (elsewhere != null) {
            return CompletableFuture.supplyAsync(() -> {
                data.put(request, request);
                return version.incrementAndGet();
            }, elsewhere);
        }
        data.put(request, request);
        return CompletableFuture.completedFuture(version.incrementAndGet());
    }

    @Override
    public Map<String, String> status() {
        return Map.of("version", Long.toString(version.get()));
    }

    @Override
    public CompletableFuture<Map<String, String>> admin(String command, List<String> args) {
        if (command.equals("leader")) {
            return CompletableFuture.failedFuture(new NotLeaderException("not the leader", "127.0.0.1:9"));
        }
        return CompletableFuture.completedFuture(Map.of("command", command, "args", String.join(",", args)));
    }
}
