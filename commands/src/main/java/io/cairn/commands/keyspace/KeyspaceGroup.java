package io.cairn.commands.keyspace;

import io.cairn.commands.CommandFailure;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code cairn keyspace}: the group of keyspace commands. */
@Command(name = "keyspace", description = "Creates, lists, shows and drops keyspaces: named prefixes with range, hash or list placement.",
        subcommands = {KeyspaceCreate.class, KeyspaceList.class, KeyspaceShow.class, KeyspaceDrop.class},
        footer = {"", "The key-value commands (get, put, delete, scan, clear-range, txn) work inside a keyspace",
                "with --keyspace NAME (-k NAME): keys given and printed are the keyspace's own keys."})
public final class KeyspaceGroup implements Callable<Integer> {
    @Override
    public Integer call() {
        throw CommandFailure.usage("keyspace needs a subcommand: create, list, show or drop");
    }
}
