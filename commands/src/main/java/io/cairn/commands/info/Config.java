package io.cairn.commands.info;

import io.cairn.commands.CommandFailure;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code cairn config}: the group of configuration commands. */
@Command(name = "config", description = "Configuration commands.", subcommands = ConfigShow.class)
public final class Config implements Callable<Integer> {
    @Override
    public Integer call() {
        throw CommandFailure.usage("config needs a subcommand: config show");
    }
}
