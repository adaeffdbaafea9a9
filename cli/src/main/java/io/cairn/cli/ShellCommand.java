package io.cairn.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code cairn shell [--file SCRIPT]}: the interactive shell, or a script run in one process. */
@Command(name = "shell", description = {"Opens the interactive shell, or runs a script with --file.",
        "Without --file this is the same as cairn with no command. A script holds one command per line",
        "and stops at the first failure. In the shell, begin, commit and rollback run an interactive",
        "transaction; Ctrl-C cancels the running command; Ctrl-D or exit leaves."})
public final class ShellCommand implements Callable<Integer> {
    private final CliContext ctx;

    @ParentCommand
    RootCommand root;

    @Option(names = {"-f", "--file"}, paramLabel = "SCRIPT", description = "Run the commands in SCRIPT instead.")
    Path file;

    /** A shell command running in {@code ctx}. */
    public ShellCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        if (file != null) {
            return Launch.file(ctx, root.flags(), file);
        }
        return Launch.shellOrStdin(ctx, root.flags());
    }
}
