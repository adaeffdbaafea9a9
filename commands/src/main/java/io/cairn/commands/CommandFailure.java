package io.cairn.commands;

/**
 * A command's own failure with the exit code it should end with, such as a key not found or a
 * guard that did not hold; the message is printed to stderr unless it is empty.
 */
public class CommandFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int exitCode;

    /** A failure ending with {@code exitCode} (one of {@link ExitCodes}) and {@code message}. */
    public CommandFailure(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    /** A usage error: the arguments or the input were invalid. */
    public static CommandFailure usage(String message) {
        return new CommandFailure(ExitCodes.USAGE, message);
    }

    /** The exit code to end with. */
    public int exitCode() {
        return exitCode;
    }
}
