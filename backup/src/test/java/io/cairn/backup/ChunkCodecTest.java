package io.cairn.backup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.api.KeyValue;
import io.cairn.api.Range;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.zip.Deflater;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Chunks of compressible data are deflated, chunks of random data stored; both read back exactly. */
class ChunkCodecTest {
    @TempDir
    Path tmp;

    @ParameterizedTest(name = "random values: {0}")
    @ValueSource(booleans = {true, false})
    void chunkRoundTripsWithTheCodecItsDataDeserves(boolean random) throws IOException {
        Random rnd = new Random(7);
        ChunkBuilder b = new ChunkBuilder(1024);
        byte[][] values = new byte[2000][];
        for (int i = 0; i < values.length; i++) {
            values[i] = new byte[100];
            if (random) {
                rnd.nextBytes(values[i]);
            }
            b.add(Fixtures.b(Fixtures.key(i)), values[i]);
        }
        ChunkBuilder.Sealed s = b.seal(Deflater.BEST_SPEED);
        byte codec = s.bytes()[BackupFormat.CHUNK_MAGIC.length];
        assertEquals(random ? BackupFormat.CODEC_STORED : BackupFormat.CODEC_ZLIB, codec);
        assertTrue(random || s.length() < b.rawBytes() / 10, "zeros compress well");

        Files.createDirectories(tmp.resolve(BackupFormat.CHUNKS));
        Files.write(tmp.resolve(BackupFormat.chunkFile(0)), java.util.Arrays.copyOf(s.bytes(), s.length()));
        ChunkInfo info = new ChunkInfo(BackupFormat.chunkFile(0), Range.ALL, b.keys(), b.rawBytes(), s.length(),
                s.crc32c());
        List<KeyValue> back = ChunkReader.read(tmp, info);
        assertEquals(values.length, back.size());
        for (int i = 0; i < values.length; i++) {
            assertArrayEquals(Fixtures.b(Fixtures.key(i)), back.get(i).key());
            assertArrayEquals(values[i], back.get(i).value());
        }
    }
}
