package io.cairn.cli;

/** The entry point of the {@code cairn} executable; the only place that calls {@link System#exit}. */
public final class Main {
    private Main() {}

    /** Runs cairn with {@code args} on this process's streams and exits with its exit code. */
    public static void main(String[] args) {
        System.exit(Cli.run(args, Io.system(), Environment.system(), new EmbeddedOpener()));
    }
}
