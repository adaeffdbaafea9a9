package io.cairn.commands;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits command lines into words and statements the way the shell, {@code --exec} and
 * {@code txn} batches read them.
 *
 * <p>Words are separated by blanks; a word may be quoted with {@code "} or {@code '} to hold
 * blanks or {@code ;}. Backslashes are kept as they are, so that {@code \xNN} escapes reach the
 * key and value parser unchanged (write a quote inside a quoted word as {@code \x22} or {@code \x27}).
 */
public final class Tokenizer {
    private Tokenizer() {}

    /**
     * The words of one line.
     *
     * @throws CommandFailure with {@link ExitCodes#USAGE} on an unclosed quote
     */
    public static List<String> words(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
                if (word == null) {
                    word = new StringBuilder();
                }
            } else if (Character.isWhitespace(c)) {
                if (word != null) {
                    words.add(word.toString());
                    word = null;
                }
            } else {
                if (word == null) {
                    word = new StringBuilder();
                }
                word.append(c);
            }
        }
        if (quote != 0) {
            throw CommandFailure.usage("unclosed " + quote + " in: " + line);
        }
        if (word != null) {
            words.add(word.toString());
        }
        return words;
    }

    /** Splits {@code text} at {@code ;} and line ends outside quotes; drops blank statements. */
    public static List<String> statements(String text) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        char quote = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
                cur.append(c);
            } else if (c == '"' || c == '\'') {
                quote = c;
                cur.append(c);
            } else if (c == ';' || c == '\n') {
                add(out, cur);
            } else {
                cur.append(c);
            }
        }
        add(out, cur);
        return out;
    }

    /** Whether {@code text} ends inside a quote, so that the shell should read another line. */
    public static boolean isOpenQuote(String text) {
        char quote = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
            }
        }
        return quote != 0;
    }

    private static void add(List<String> out, StringBuilder cur) {
        String s = cur.toString().strip();
        if (!s.isEmpty() && !s.startsWith("#")) {
            out.add(s);
        }
        cur.setLength(0);
    }
}
