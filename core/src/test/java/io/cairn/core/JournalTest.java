package io.cairn.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.api.CairnException;
import io.cairn.api.ErrorCode;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalTest {
    @TempDir
    Path dir;

    private List<Long> recover(Journal j) {
        List<Long> versions = new ArrayList<>();
        j.recover((v, p) -> {
            assertEquals(v, Long.parseLong(new String(p)));
            versions.add(v);
        });
        return versions;
    }

    @Test
    void recordsComeBackInOrderAfterAReopen() {
        try (Journal j = new Journal(dir, 1 << 20)) {
            assertEquals(List.of(), recover(j));
            for (long v = 10; v < 20; v++) {
                j.append(v, Long.toString(v).getBytes());
            }
        }
        try (Journal j = new Journal(dir, 1 << 20)) {
            assertEquals(List.of(10L, 11L, 12L, 13L, 14L, 15L, 16L, 17L, 18L, 19L), recover(j));
            assertEquals(19, j.lastVersion());
            assertNull(j.warning());
            j.append(25, "25".getBytes());
        }
        try (Journal j = new Journal(dir, 1 << 20)) {
            assertEquals(11, recover(j).size());
        }
    }

    @Test
    void versionsMustGrow() {
        try (Journal j = new Journal(dir, 1 << 20)) {
            recover(j);
            j.append(5, "5".getBytes());
            CairnException e = assertThrows(CairnException.class, () -> j.append(5, "5".getBytes()));
            assertEquals(ErrorCode.INTERNAL_ERROR, e.error());
        }
    }

    @Test
    void aTornTailIsTruncatedAndReported() throws IOException {
        try (Journal j = new Journal(dir, 1 << 20)) {
            recover(j);
            for (long v = 1; v <= 5; v++) {
                j.append(v, Long.toString(v).getBytes());
            }
        }
        Path segment;
        try (Stream<Path> files = Files.list(dir)) {
            segment = files.filter(p -> Files.isRegularFile(p)).sorted().findFirst().orElseThrow();
        }
        try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.WRITE)) {
            ch.truncate(ch.size() - 3);
        }
        try (Journal j = new Journal(dir, 1 << 20)) {
            assertEquals(List.of(1L, 2L, 3L, 4L), recover(j));
            assertNotNull(j.warning());
            j.append(5, "5".getBytes()); // the journal goes on after the truncated record
        }
        try (Journal j = new Journal(dir, 1 << 20)) {
            assertEquals(List.of(1L, 2L, 3L, 4L, 5L), recover(j));
        }
    }

    @Test
    void releaseDeletesOnlyWholeOlderSegments() throws IOException {
        try (Journal j = new Journal(dir, 64)) {
            recover(j);
            for (long v = 1; v <= 40; v++) {
                j.append(v, Long.toString(v).getBytes());
            }
            j.force();
            long before = j.sizeBytes();
            j.releaseBefore(30);
            assertTrue(j.sizeBytes() < before, "older segments deleted");
        }
        try (Journal j = new Journal(dir, 64)) {
            List<Long> kept = recover(j);
            assertTrue(kept.contains(30L) && kept.get(kept.size() - 1) == 40L, kept.toString());
            assertTrue(kept.get(0) > 1 && kept.get(0) <= 30, kept.toString());
        }
    }

    @Test
    void useBeforeRecoveryOrAfterCloseFails() {
        Journal j = new Journal(dir, 1 << 20);
        assertEquals(ErrorCode.DATABASE_CLOSED, assertThrows(CairnException.class, () -> j.append(1, new byte[0])).error());
        recover(j);
        j.close();
        assertEquals(ErrorCode.DATABASE_CLOSED, assertThrows(CairnException.class, j::force).error());
    }

    @Test
    void largeRecordsPassTheBuffer() {
        byte[] big = new byte[3 << 20];
        big[0] = '7';
        try (Journal j = new Journal(dir, 1 << 20)) {
            recover(j);
            j.append(7, "7".getBytes());
        }
        try (Journal j = new Journal(dir, 1 << 20)) {
            List<byte[]> payloads = new ArrayList<>();
            j.recover((v, p) -> payloads.add(p));
            j.append(8, big);
        }
        try (Journal j = new Journal(dir, 1 << 20)) {
            List<byte[]> payloads = new ArrayList<>();
            j.recover((v, p) -> payloads.add(p));
            assertEquals(2, payloads.size());
            assertArrayEquals(big, payloads.get(1));
        }
    }

    private static List<Long> readAll(Journal.Reader r, int maxBytes) {
        List<Long> versions = new ArrayList<>();
        boolean more = true;
        for (int calls = 0; more; calls++) {
            assertTrue(calls < 10_000, "the reader never ran dry");
            more = r.read(maxBytes, (v, p) -> {
                assertEquals(v, Long.parseLong(new String(p)));
                versions.add(v);
            });
        }
        return versions;
    }

    @Test
    void readerReadsEveryRecordAcrossSegmentsInBatchesIncludingBufferedOnes() {
        try (Journal j = new Journal(dir, 200)) {
            recover(j);
            List<Long> expected = new ArrayList<>();
            for (long v = 1; v <= 50; v++) {
                j.append(v, Long.toString(v).getBytes());
                expected.add(v);
            }
            try (Journal.Reader r = j.openReader()) {
                assertEquals(expected, readAll(r, 64));
                j.append(51, "51".getBytes());
                assertEquals(List.of(51L), readAll(r, 64));
                assertEquals(List.of(), readAll(r, 64));
            }
        }
    }

    @Test
    void releasesWaitWhileAReaderIsOpen() throws IOException {
        try (Journal j = new Journal(dir, 100)) {
            recover(j);
            for (long v = 1; v <= 40; v++) {
                j.append(v, Long.toString(v).getBytes());
            }
            long files;
            try (Stream<Path> s = Files.list(dir)) {
                files = s.count();
            }
            Journal.Reader r = j.openReader();
            j.releaseBefore(30);
            try (Stream<Path> s = Files.list(dir)) {
                assertEquals(files, s.count(), "a segment was released under an open reader");
            }
            assertEquals(40, readAll(r, 1 << 20).size());
            r.close();
            try (Stream<Path> s = Files.list(dir)) {
                assertTrue(s.count() < files, "the deferred release did not happen when the reader closed");
            }
        }
    }

    @Test
    void clearEmptiesTheJournalAndFailsOpenReaders() {
        try (Journal j = new Journal(dir, 100)) {
            recover(j);
            for (long v = 10; v <= 30; v++) {
                j.append(v, Long.toString(v).getBytes());
            }
            Journal.Reader r = j.openReader();
            j.clear();
            assertEquals(-1, j.lastVersion());
            CairnException e = assertThrows(CairnException.class, () -> r.read(100, (v, p) -> { }));
            assertEquals(ErrorCode.UNAVAILABLE, e.error());
            r.close();
            j.append(3, "3".getBytes());
        }
        try (Journal j = new Journal(dir, 100)) {
            assertEquals(List.of(3L), recover(j));
        }
    }
}
