package io.cairn.commands.keyspace;

import io.cairn.api.CairnException;
import io.cairn.api.ErrorCode;
import io.cairn.api.ReadTransaction;
import io.cairn.api.partition.Keyspace;
import io.cairn.api.partition.Keyspaces;
import io.cairn.commands.CommandContext;
import picocli.CommandLine.Option;

/**
 * The {@code -k/--keyspace NAME} option of the key-value commands (a picocli mixin): when given,
 * keys are user keys of that keyspace, stored as its placement says. Not thread-safe.
 */
public final class KeyspaceOption {
    @Option(names = {"-k", "--keyspace"}, paramLabel = "NAME",
            description = "Work inside keyspace NAME: keys given and printed are its own keys.")
    String name;

    /** Whether {@code --keyspace} was given. */
    public boolean isSet() {
        return name != null;
    }

    /** The keyspace name given, or null. */
    public String name() {
        return name;
    }

    /**
     * Checks the name before anything is read.
     *
     * @throws CairnException {@code invalid_argument} for an invalid name
     */
    public void checkName() {
        if (name != null) {
            Keyspace.checkName(name);
        }
    }

    /**
     * The keyspace named by the option, read in {@code tx} (so that a concurrent drop conflicts).
     *
     * @throws CairnException {@code invalid_argument} when there is no such keyspace
     */
    public Keyspace open(ReadTransaction tx) {
        return Keyspaces.open(tx, name);
    }

    /** Remembers the keyspace in the session for completion, once a command used it successfully. */
    public void remember(CommandContext ctx) {
        if (name != null) {
            ctx.session().rememberKeyspaces(java.util.List.of(name), false);
        }
    }

    /**
     * The stored key of {@code userKey} in {@code ks}, after checking that it fits.
     *
     * @throws CairnException {@code key_too_large} (2102) when the stored key would be too long
     */
    public static byte[] stored(Keyspace ks, byte[] userKey, String what) {
        checkUserKey(ks, userKey, what);
        return ks.storedKey(userKey);
    }

    /**
     * Checks that user key {@code userKey} (or an inclusive range begin) fits in {@code ks}: at most
     * {@link Keyspace#maxUserKeySize()} bytes. {@code what} names it in the message.
     *
     * @throws CairnException {@code key_too_large} (2102), in user-key terms
     */
    public static void checkUserKey(Keyspace ks, byte[] userKey, String what) {
        if (userKey.length > ks.maxUserKeySize()) {
            throw new CairnException(ErrorCode.KEY_TOO_LARGE, what + " is " + userKey.length
                    + " bytes; keys of keyspace '" + ks.name() + "' may have at most " + ks.maxUserKeySize()
                    + " (its stored form adds " + ks.overhead() + ")");
        }
    }

    /**
     * Checks that user key {@code userEnd}, the exclusive end of a range, fits in {@code ks}: at
     * most {@link Keyspace#maxUserKeySize()} + 1 bytes, as a range end may be one byte longer than
     * a key. {@code what} names it in the message.
     *
     * @throws CairnException {@code key_too_large} (2102), in user-key terms
     */
    public static void checkUserEnd(Keyspace ks, byte[] userEnd, String what) {
        int limit = ks.maxUserKeySize() + 1;
        if (userEnd.length > limit) {
            throw new CairnException(ErrorCode.KEY_TOO_LARGE, what + " is " + userEnd.length
                    + " bytes; a range end in keyspace '" + ks.name() + "' may have at most " + limit
                    + " (one more than its keys; its stored form adds " + ks.overhead() + ")");
        }
    }
}
