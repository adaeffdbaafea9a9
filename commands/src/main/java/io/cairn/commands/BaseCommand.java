package io.cairn.commands;

import io.cairn.api.CairnException;
import io.cairn.api.ErrorCode;
import io.cairn.api.Limits;
import io.cairn.commands.output.Printer;
import io.cairn.commands.output.Printers;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The base of every cairn command: access to the {@link CommandContext}, the printer for the
 * chosen output format, and strict parsing of keys and values.
 */
public abstract class BaseCommand implements Callable<Integer> {
    /** The world the command runs in. */
    protected final CommandContext ctx;

    /** This command's picocli model, injected by picocli. */
    @Spec
    protected CommandSpec spec;

    /** A command running in {@code ctx}. */
    protected BaseCommand(CommandContext ctx) {
        this.ctx = ctx;
    }

    /** The printer for the output format and byte format in effect. */
    protected Printer printer() {
        return Printers.create(ctx.outputFormat(), ctx.byteFormat(), ctx.out());
    }

    /** {@code bytes} in the byte format in effect, for messages. */
    protected String show(byte[] bytes) {
        return "'" + ctx.byteFormat().format(bytes) + "'";
    }

    /**
     * Parses a key given on the command line and checks its size; remembers it for completion.
     *
     * @throws CairnException {@code key_too_large} (2102) or {@code key_outside_legal_range} (2004)
     */
    protected byte[] key(String text, String what) {
        byte[] key = ctx.byteFormat().parse(text, what);
        checkKey(key, what);
        ctx.session().rememberKey(key);
        return key;
    }

    /** Checks a key's size and that it is outside the system range; see {@link #key}. */
    public static void checkKey(byte[] key, String what) {
        if (key.length > Limits.MAX_KEY_SIZE) {
            throw new CairnException(ErrorCode.KEY_TOO_LARGE, what + " is " + key.length
                    + " bytes; the limit is " + Limits.MAX_KEY_SIZE);
        }
        if (key.length > 0 && key[0] == (byte) 0xFF) {
            throw new CairnException(ErrorCode.KEY_OUTSIDE_LEGAL_RANGE, what
                    + " starts with \\xff; keys from \\xff on are reserved for the system");
        }
    }

    /**
     * Checks a value's size.
     *
     * @throws CairnException {@code value_too_large} (2103)
     */
    public static void checkValue(byte[] value, String what) {
        if (value.length > Limits.MAX_VALUE_SIZE) {
            throw new CairnException(ErrorCode.VALUE_TOO_LARGE, what + " is " + value.length
                    + " bytes; the limit is " + Limits.MAX_VALUE_SIZE);
        }
    }
}
