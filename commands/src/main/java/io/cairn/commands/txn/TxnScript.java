package io.cairn.commands.txn;

import io.cairn.api.Bytes;
import io.cairn.api.CairnException;
import io.cairn.api.Range;
import io.cairn.commands.BaseCommand;
import io.cairn.commands.ByteFormat;
import io.cairn.commands.CommandFailure;
import io.cairn.commands.Tokenizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A parsed {@code txn} batch: one operation per line, guards and writes, checked completely
 * before anything runs.
 *
 * <p>Operations: {@code put KEY VALUE}, {@code delete KEY}, {@code clear-range BEGIN END},
 * {@code if-equal KEY VALUE}, {@code if-absent KEY}, {@code if-present KEY}. Blank lines and lines
 * starting with {@code #} are ignored. Keys and values use the byte format in effect.
 */
public final class TxnScript {
    /** What an operation does. */
    public enum Kind {
        /** Sets a key. */
        PUT("put", 2, false),
        /** Removes a key. */
        DELETE("delete", 1, false),
        /** Removes the keys of {@code [BEGIN, END)}. */
        CLEAR_RANGE("clear-range", 2, false),
        /** Holds when the key's value equals the given value. */
        IF_EQUAL("if-equal", 2, true),
        /** Holds when the key has no value. */
        IF_ABSENT("if-absent", 1, true),
        /** Holds when the key has a value. */
        IF_PRESENT("if-present", 1, true);

        private final String word;
        private final int args;
        private final boolean guard;

        Kind(String word, int args, boolean guard) {
            this.word = word;
            this.args = args;
            this.guard = guard;
        }

        /** The word that starts the operation's line. */
        public String word() {
            return word;
        }

        /** Whether this is a guard, which reads, rather than a write. */
        public boolean isGuard() {
            return guard;
        }
    }

    /** One operation, with the line it came from; {@code b} is the value or range end, or null. */
    public record Op(int line, Kind kind, byte[] a, byte[] b) {}

    private final List<Op> ops;

    private TxnScript(List<Op> ops) {
        this.ops = ops;
    }

    /** The operations in their order in the batch. */
    public List<Op> ops() {
        return ops;
    }

    /**
     * Parses a batch.
     *
     * @throws CommandFailure with {@link io.cairn.commands.ExitCodes#USAGE} naming the line of the first error
     */
    public static TxnScript parse(String text, ByteFormat format) {
        List<Op> ops = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int lineNo = i + 1;
            try {
                ops.add(op(lineNo, Tokenizer.words(line), format));
            } catch (CommandFailure e) {
                throw CommandFailure.usage("txn line " + lineNo + ": " + e.getMessage());
            } catch (CairnException e) {
                throw new CairnException(e.error(), "txn line " + lineNo + ": " + e.getMessage(), e);
            }
        }
        if (ops.isEmpty()) {
            throw CommandFailure.usage("the txn batch has no operations");
        }
        return new TxnScript(ops);
    }

    private static Op op(int line, List<String> words, ByteFormat format) {
        String word = words.get(0);
        Kind kind = switch (word) {
            case "put", "set" -> Kind.PUT;
            case "delete", "clear" -> Kind.DELETE;
            case "clear-range" -> Kind.CLEAR_RANGE;
            case "if-equal" -> Kind.IF_EQUAL;
            case "if-absent" -> Kind.IF_ABSENT;
            case "if-present" -> Kind.IF_PRESENT;
            default -> throw CommandFailure.usage("unknown operation '" + word
                    + "'; use put, delete, clear-range, if-equal, if-absent or if-present");
        };
        if (words.size() - 1 != kind.args) {
            throw CommandFailure.usage(kind.word + " takes " + kind.args + (kind.args == 1 ? " argument" : " arguments")
                    + ", not " + (words.size() - 1));
        }
        byte[] a = format.parse(words.get(1), kind == Kind.CLEAR_RANGE ? "BEGIN" : "key");
        byte[] b = kind.args == 2 ? format.parse(words.get(2), kind == Kind.CLEAR_RANGE ? "END" : "value") : null;
        BaseCommand.checkKey(a, kind == Kind.CLEAR_RANGE ? "BEGIN" : "key");
        if (kind == Kind.CLEAR_RANGE) {
            if (!Arrays.equals(b, Range.SYSTEM_PREFIX)) {
                BaseCommand.checkKey(b, "END");
            }
            if (Bytes.compare(a, b) > 0) {
                throw CommandFailure.usage("BEGIN sorts after END; the range is [BEGIN, END)");
            }
        } else if (b != null) {
            BaseCommand.checkValue(b, "value");
        }
        return new Op(line, kind, a, b);
    }
}
