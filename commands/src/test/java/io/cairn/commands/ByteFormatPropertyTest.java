package io.cairn.commands;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;

class ByteFormatPropertyTest {
    @Property(tries = 500)
    void everyByteStringSurvivesEscapeThenParse(@ForAll @Size(max = 64) byte[] bytes) {
        for (ByteFormat f : ByteFormat.values()) {
            assertArrayEquals(bytes, f.parse(f.format(bytes), "key"), f.name());
        }
    }

    @Property(tries = 200)
    void escapedTextIsPrintableAscii(@ForAll @Size(max = 64) byte[] bytes) {
        String s = ByteFormat.ESCAPED.format(bytes);
        for (char c : s.toCharArray()) {
            if (c < 0x20 || c >= 0x7F) {
                throw new AssertionError("not printable: " + (int) c + " in " + s);
            }
        }
    }

    @Example
    void escapesFollowFdbcli() {
        assertEquals("a\\x00b\\\\c\\xff", ByteFormat.ESCAPED.format(new byte[] {'a', 0, 'b', '\\', 'c', (byte) 0xFF}));
        assertArrayEquals(new byte[] {'a', 0, (byte) 0xAB}, ByteFormat.ESCAPED.parse("a\\x00\\XaB", "key"));
    }

    @Example
    void nonAsciiInputStandsForItsUtf8Bytes() {
        assertArrayEquals(new byte[] {(byte) 0xC3, (byte) 0xA9}, ByteFormat.ESCAPED.parse("é", "key"));
    }

    @Example
    void invalidEscapesAreErrorsNotGuesses() {
        for (String bad : new String[] {"a\\", "\\x", "\\x4", "\\xg0", "\\n", "ab\\q"}) {
            CommandFailure f = assertThrows(CommandFailure.class, () -> ByteFormat.ESCAPED.parse(bad, "key"), bad);
            assertEquals(ExitCodes.USAGE, f.exitCode());
            assertEquals(true, f.getMessage().contains("invalid escape in key"), f.getMessage());
        }
    }

    @Example
    void badHexAndBase64AreErrors() {
        assertThrows(CommandFailure.class, () -> ByteFormat.HEX.parse("abc", "key"));
        assertThrows(CommandFailure.class, () -> ByteFormat.HEX.parse("zz", "key"));
        assertThrows(CommandFailure.class, () -> ByteFormat.BASE64.parse("!!!", "value"));
        assertArrayEquals(new byte[] {(byte) 0xAB, 0x01}, ByteFormat.HEX.parse("AB01", "key"));
    }
}
