package io.cairn.cli;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * The standard streams a command line works with, and whether they are an interactive terminal.
 *
 * @param in standard input
 * @param out standard output, for data
 * @param err standard error, for messages
 * @param terminal whether standard input and output are both a terminal
 */
public record Io(InputStream in, PrintStream out, PrintStream err, boolean terminal) {
    /** The streams of this process, UTF-8, unbuffered input. */
    public static Io system() {
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        return new Io(new FileInputStream(FileDescriptor.in), out, err, System.console() != null);
    }
}
