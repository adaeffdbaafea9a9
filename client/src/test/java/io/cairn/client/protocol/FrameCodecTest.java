package io.cairn.client.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class FrameCodecTest {
    private final FrameCodec codec = new FrameCodec(1024);

    private byte[] encode(Frame f) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        codec.write(out, f);
        return out.toByteArray();
    }

    @Test
    void framesRoundTripInOrder() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        codec.write(out, Frame.of(MessageType.GET, 7, 250, new byte[] {1, 2, 3}));
        codec.write(out, Frame.of(MessageType.PING, Long.MAX_VALUE, 0, new byte[0]));
        ByteArrayInputStream in = new ByteArrayInputStream(out.toByteArray());
        Frame a = codec.read(in);
        Frame b = codec.read(in);
        assertEquals(MessageType.GET, a.type());
        assertEquals(7, a.requestId());
        assertEquals(250, a.deadlineMillis());
        assertArrayEquals(new byte[] {1, 2, 3}, a.payload());
        assertEquals(MessageType.PING, b.type());
        assertEquals(Long.MAX_VALUE, b.requestId());
        assertNull(codec.read(in), "clean end of stream between frames");
    }

    @Test
    void unknownTypeIsKeptRawSoTheServerCanAnswerIt() throws IOException {
        byte[] bytes = encode(new Frame(200, 0, 1, 0, new byte[0]));
        Frame f = codec.read(new ByteArrayInputStream(bytes));
        assertNull(f.type());
        assertEquals(200, f.typeCode());
    }

    @Test
    void oversizeFrameIsRefusedOnReadWithoutAllocatingIt() throws IOException {
        byte[] bytes = encode(Frame.of(MessageType.GET, 1, 0, new byte[100]));
        bytes[0] = 0x7F; // claims about 2 GiB
        ProtocolException e = assertThrows(ProtocolException.class, () -> codec.read(new ByteArrayInputStream(bytes)));
        assertTrue(e.getMessage().contains("outside"), e.getMessage());
    }

    @Test
    void oversizeFrameIsRefusedOnWrite() {
        ProtocolException e = assertThrows(ProtocolException.class,
                () -> encode(Frame.of(MessageType.COMMIT, 1, 0, new byte[2000])));
        assertTrue(e.getMessage().contains("exceeds"), e.getMessage());
    }

    @Test
    void lengthBelowHeaderIsRefused() throws IOException {
        byte[] bytes = encode(Frame.of(MessageType.GET, 1, 0, new byte[0]));
        bytes[3] = 3;
        assertThrows(ProtocolException.class, () -> codec.read(new ByteArrayInputStream(bytes)));
    }

    @Test
    void streamEndingMidFrameIsAProtocolError() throws IOException {
        byte[] bytes = encode(Frame.of(MessageType.GET, 1, 0, new byte[50]));
        for (int cut = 1; cut < bytes.length; cut += 7) {
            byte[] partial = Arrays.copyOf(bytes, cut);
            assertThrows(ProtocolException.class, () -> codec.read(new ByteArrayInputStream(partial)), "cut at " + cut);
        }
    }
}
