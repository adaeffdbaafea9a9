package io.cairn.commands;

import io.cairn.api.Bytes;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;

/**
 * How keys and values are written on the command line and in output: escaped text (the default),
 * hexadecimal or base64. Parsing is strict: an invalid escape or digit is an error, never a guess.
 *
 * <p>Escaped text follows fdbcli: printable ASCII stands for itself, {@code \\} for a backslash
 * and {@code \xNN} for any byte; characters outside ASCII stand for their UTF-8 bytes.
 */
public enum ByteFormat {
    /** Printable ASCII as is, {@code \\} and {@code \xNN} for the rest. */
    ESCAPED("escaped") {
        @Override
        public byte[] parse(String text, String what) {
            return parseEscaped(text, what);
        }

        @Override
        public String format(byte[] bytes) {
            return Bytes.printable(bytes);
        }
    },
    /** Two hexadecimal digits per byte, either case on input, lower case on output. */
    HEX("hex") {
        @Override
        public byte[] parse(String text, String what) {
            if (text.length() % 2 != 0) {
                throw CommandFailure.usage(what + " '" + text + "' is not hexadecimal: it has an odd number of digits");
            }
            for (int i = 0; i < text.length(); i++) {
                if (Character.digit(text.charAt(i), 16) < 0) {
                    throw CommandFailure.usage(what + " '" + text + "' is not hexadecimal: '" + text.charAt(i)
                            + "' at position " + (i + 1) + " is not a hex digit");
                }
            }
            return HexFormat.of().parseHex(text);
        }

        @Override
        public String format(byte[] bytes) {
            return HexFormat.of().formatHex(bytes);
        }
    },
    /** Standard base64 with padding (RFC 4648, section 4). */
    BASE64("base64") {
        @Override
        public byte[] parse(String text, String what) {
            try {
                return Base64.getDecoder().decode(text);
            } catch (IllegalArgumentException e) {
                throw CommandFailure.usage(what + " '" + text + "' is not base64: " + e.getMessage());
            }
        }

        @Override
        public String format(byte[] bytes) {
            return Base64.getEncoder().encodeToString(bytes);
        }
    };

    private final String label;

    ByteFormat(String label) {
        this.label = label;
    }

    /** The name used in JSON output for data in this format, e.g. {@code hex}. */
    public String label() {
        return label;
    }

    /**
     * The bytes {@code text} stands for.
     *
     * @param what names the argument in the error message, e.g. {@code "key"}
     * @throws CommandFailure with {@link ExitCodes#USAGE} naming the argument and the bad position
     */
    public abstract byte[] parse(String text, String what);

    /** The text standing for {@code bytes}; {@link #parse} turns it back into the same bytes. */
    public abstract String format(byte[] bytes);

    static byte[] parseEscaped(String text, String what) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[utf8.length];
        int n = 0;
        for (int i = 0; i < utf8.length; i++) {
            byte b = utf8[i];
            if (b != '\\') {
                out[n++] = b;
                continue;
            }
            if (i + 1 < utf8.length && utf8[i + 1] == '\\') {
                out[n++] = '\\';
                i++;
            } else if (i + 3 < utf8.length && (utf8[i + 1] == 'x' || utf8[i + 1] == 'X')
                    && Character.digit(utf8[i + 2], 16) >= 0 && Character.digit(utf8[i + 3], 16) >= 0) {
                out[n++] = (byte) (Character.digit(utf8[i + 2], 16) << 4 | Character.digit(utf8[i + 3], 16));
                i += 3;
            } else {
                throw CommandFailure.usage("invalid escape in " + what + " '" + text + "' at byte " + (i + 1)
                        + ": use \\\\ for a backslash and \\xNN (two hex digits) for any byte");
            }
        }
        return java.util.Arrays.copyOf(out, n);
    }
}
