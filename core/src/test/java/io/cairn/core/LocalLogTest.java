package io.cairn.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.api.CairnException;
import io.cairn.api.ErrorCode;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class LocalLogTest {
    @TempDir
    Path dir;

    private record Applied(long version, byte[] record) {}

    private static List<Applied> replay(Path dir, long segment) {
        List<Applied> out = new ArrayList<>();
        LocalLog log = new LocalLog(dir, true, segment);
        log.start((v, r) -> out.add(new Applied(v, r)), 0);
        log.close();
        return out;
    }

    private static byte[] rec(int i) {
        return ByteBuffer.allocate(40).putInt(i).array();
    }

    private List<Path> segments() throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".wal")).sorted().toList();
        }
    }

    @Test
    void concurrentAppendsShareOneFsync() throws Exception {
        LocalLog log = new LocalLog(dir, true, 1 << 20);
        log.start((v, r) -> v, 0);
        int threads = 64;
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<Object>> results = new ArrayList<>();
        List<Thread> ts = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            int n = i;
            CompletableFuture<Object> f = new CompletableFuture<>();
            results.add(f);
            Thread t = new Thread(() -> {
                try {
                    go.await();
                    f.complete(log.append(rec(n)).get());
                } catch (Exception e) {
                    f.completeExceptionally(e);
                }
            });
            t.start();
            ts.add(t);
        }
        go.countDown();
        for (CompletableFuture<Object> f : results) {
            assertTrue((Long) f.get() > 0);
        }
        assertTrue(log.groupWrites() < threads, "64 appends took " + log.groupWrites() + " fsyncs");
        log.close();
        assertEquals(threads, replay(dir, 1 << 20).size());
    }

    @Test
    void recordsReplayInVersionOrderAfterReopenAndNewVersionsFollow() throws Exception {
        LocalLog log = new LocalLog(dir, true, 4096);
        log.start((v, r) -> v, 0);
        long last = 0;
        for (int i = 0; i < 300; i++) {
            long v = (Long) log.append(rec(i)).get();
            assertTrue(v > last);
            last = v;
        }
        log.close();
        List<Applied> got = replay(dir, 4096);
        assertEquals(300, got.size());
        for (int i = 0; i < 300; i++) {
            assertArrayEquals(rec(i), got.get(i).record());
        }
        assertEquals(last, got.get(299).version());
        assertTrue(segments().size() > 1, "small segments should roll");
        LocalLog again = new LocalLog(dir, true, 4096);
        long min = last + 1_000_000_000_000L;
        again.start((v, r) -> v, min);
        assertTrue((Long) again.append(rec(1)).get() > min);
        assertNull(again.recoveryWarning());
        again.close();
    }

    @Test
    void badChecksumInAnEarlySegmentTruncatesThereAndSetsLaterSegmentsAside() throws Exception {
        LocalLog log = new LocalLog(dir, true, 4096);
        log.start((v, r) -> v, 0);
        for (int i = 0; i < 300; i++) {
            log.append(rec(i)).get();
        }
        log.close();
        List<Path> segs = segments();
        assertTrue(segs.size() >= 3);
        try (FileChannel ch = FileChannel.open(segs.get(1), StandardOpenOption.WRITE, StandardOpenOption.READ)) {
            ByteBuffer one = ByteBuffer.allocate(1);
            ch.read(one, 100);
            one.put(0, (byte) (one.get(0) ^ 0x55)).rewind();
            ch.write(one, 100);
        }
        LocalLog again = new LocalLog(dir, true, 4096);
        List<Long> seen = new ArrayList<>();
        again.start((v, r) -> seen.add(v), 0);
        String warning = again.recoveryWarning();
        assertTrue(warning != null && warning.contains("checksum") && warning.contains(".corrupt"), warning);
        again.close();
        assertTrue(seen.size() < 300 && seen.size() > 0);
        assertEquals(2, segments().size(), "the damaged segment is kept (truncated), later ones set aside");
    }

    @Test
    void releasedSegmentsAreDeleted() throws Exception {
        LocalLog log = new LocalLog(dir, true, 4096);
        log.start((v, r) -> v, 0);
        long last = 0;
        for (int i = 0; i < 300; i++) {
            last = (Long) log.append(rec(i)).get();
        }
        int before = segments().size();
        long sizeBefore = log.sizeBytes();
        log.release(last + 1);
        log.append(rec(0)).get();
        log.append(rec(0)).get();
        assertTrue(segments().size() <= 2, before + " segments before release, " + segments().size() + " after");
        assertTrue(log.sizeBytes() < sizeBefore);
        log.close();
    }

    @Test
    void openingWithoutWritingLeavesTheLogAsItWas() throws Exception {
        LocalLog first = new LocalLog(dir, true, 1 << 20);
        first.start((v, r) -> v, 0);
        first.append(rec(1)).get();
        first.close();
        List<Path> before = segments();
        for (int i = 0; i < 5; i++) {
            assertEquals(1, replay(dir, 1 << 20).size());
        }
        assertEquals(before, segments(), "a read-only open must not add segments");
    }

    @Test
    void emptySegmentLeftByACrashIsDeletedAtStart() throws Exception {
        LocalLog first = new LocalLog(dir, true, 1 << 20);
        first.start((v, r) -> v, 0);
        first.append(rec(1)).get();
        first.close();
        Files.createFile(dir.resolve(String.format("%016d.wal", 7)));
        assertEquals(1, replay(dir, 1 << 20).size());
        assertEquals(1, segments().size(), "the empty segment should be gone: " + segments());
        LocalLog again = new LocalLog(dir, true, 1 << 20);
        again.start((v, r) -> v, 0);
        again.append(rec(2)).get();
        again.close();
        assertEquals(2, replay(dir, 1 << 20).size());
    }

    @Test
    void segmentsReleasedAfterCloseAreDeleted() throws Exception {
        LocalLog log = new LocalLog(dir, true, 1 << 20);
        log.start((v, r) -> v, 0);
        long last = (Long) log.append(rec(1)).get();
        log.close();
        LocalLog reopened = new LocalLog(dir, true, 1 << 20);
        reopened.start((v, r) -> v, 0);
        reopened.close();
        // The engine's final checkpoint releases the log after closing it.
        reopened.release(last + 1);
        assertEquals(List.of(), segments());
        assertTrue(replay(dir, 1 << 20).isEmpty());
    }

    @Test
    void appendAfterCloseFailsWithDatabaseClosed() {
        LocalLog log = new LocalLog(dir, true, 4096);
        log.start((v, r) -> v, 0);
        log.close();
        ExecutionException e = assertThrows(ExecutionException.class, () -> log.append(rec(1)).get());
        assertEquals(ErrorCode.DATABASE_CLOSED, ((CairnException) e.getCause()).error());
    }
}
