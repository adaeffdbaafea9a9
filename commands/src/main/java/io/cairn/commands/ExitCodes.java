package io.cairn.commands;

import io.cairn.api.CairnException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import picocli.CommandLine;

/**
 * The exit codes of {@code cairn}, and the one place that maps a failure to its code.
 *
 * <p>Codes never change once released. {@link #describe()} lists them for
 * {@code cairn help exit-codes} and the man page.
 */
public final class ExitCodes {
    /** The command did what was asked. */
    public static final int SUCCESS = 0;
    /** {@code get} found no value for the key. */
    public static final int NOT_FOUND = 1;
    /** The command line or its input was invalid: unknown command or option, bad escape, oversize key. */
    public static final int USAGE = 2;
    /** A guard of a {@code txn} batch did not hold; nothing was written. */
    public static final int GUARD_FAILED = 3;
    /** The transaction still conflicted after its retries; nothing was written. */
    public static final int CONFLICT = 4;
    /** The database could not be reached or locked, or the operation timed out. */
    public static final int UNAVAILABLE = 5;
    /** Reading or writing files failed, or stored data is corrupt. */
    public static final int IO_ERROR = 6;
    /** Another run of the same job (a backup, restore, expire or maintenance run) holds its lock; this run did nothing. */
    public static final int JOB_LOCKED = 7;
    /** A bug in cairn: something that should never happen did. */
    public static final int INTERNAL = 70;
    /** The operation was cancelled with Ctrl-C (128 + SIGINT, as shells report it). */
    public static final int CANCELLED = 130;

    private ExitCodes() {}

    /** One documented exit code. */
    public record Code(int code, String name, String meaning) {}

    /** Every exit code with its name and meaning, in numeric order. */
    public static List<Code> describe() {
        return List.of(
                new Code(SUCCESS, "success", "the command did what was asked"),
                new Code(NOT_FOUND, "not-found", "get found no value for the key"),
                new Code(USAGE, "usage", "invalid command line or input: unknown command or option, missing "
                        + "argument, bad escape, oversize key or value"),
                new Code(GUARD_FAILED, "guard-failed", "a guard of a txn batch did not hold; nothing was written"),
                new Code(CONFLICT, "conflict", "the transaction still conflicted after its retries; nothing was written"),
                new Code(UNAVAILABLE, "unavailable", "the database is unreachable or locked by another process, "
                        + "or the operation timed out"),
                new Code(IO_ERROR, "io-error", "reading or writing files failed, or stored data is corrupt"),
                new Code(JOB_LOCKED, "job-locked", "another run of the same backup or maintenance job holds its lock; "
                        + "the message names its PID, host and start time, and this run did nothing"),
                new Code(INTERNAL, "internal", "a bug in cairn; please report it with the message printed"),
                new Code(CANCELLED, "cancelled", "the operation was cancelled with Ctrl-C"));
    }

    /** The exit code for a failure thrown by a command or by the command-line parser. */
    public static int of(Throwable t) {
        if (t instanceof CommandFailure f) {
            return f.exitCode();
        }
        if (t instanceof CommandLine.ParameterException) {
            return USAGE;
        }
        if (t instanceof CairnException e) {
            return switch (e.error()) {
                case NOT_COMMITTED, TRANSACTION_TOO_OLD -> CONFLICT;
                case COMMIT_UNKNOWN_RESULT, TRANSACTION_TIMED_OUT, UNAVAILABLE, WRONG_LEADER,
                        DATABASE_CLOSED, DATABASE_LOCKED -> UNAVAILABLE;
                case TRANSACTION_CANCELLED -> CANCELLED;
                case IO_ERROR, DATA_CORRUPT -> IO_ERROR;
                case INVALID_ARGUMENT, INVALID_OPERATION, KEY_OUTSIDE_LEGAL_RANGE, TRANSACTION_TOO_LARGE,
                        KEY_TOO_LARGE, VALUE_TOO_LARGE -> USAGE;
                case INTERNAL_ERROR -> INTERNAL;
            };
        }
        if (t instanceof IOException || t instanceof UncheckedIOException) {
            return IO_ERROR;
        }
        if (t instanceof InterruptedException) {
            return CANCELLED;
        }
        return INTERNAL;
    }

    /** The message to print for a failure: its own words, with the error name for database errors. */
    public static String message(Throwable t) {
        if (t instanceof CairnException e) {
            String hint = switch (e.error()) {
                case NOT_COMMITTED -> " (another transaction wrote what this one read; retries ran out)";
                default -> "";
            };
            return e.error().label() + " (" + e.code() + "): " + e.getMessage() + hint;
        }
        if (t instanceof UncheckedIOException u && u.getCause() != null) {
            return message(u.getCause());
        }
        if (t instanceof java.nio.file.NoSuchFileException n) {
            return "no such file: " + n.getFile();
        }
        if (t instanceof java.nio.file.AccessDeniedException a) {
            return "permission denied: " + a.getFile();
        }
        if (t instanceof IOException) {
            return "I/O error: " + t.getMessage();
        }
        if (of(t) == INTERNAL) {
            return "internal error: " + t;
        }
        return t.getMessage();
    }
}
