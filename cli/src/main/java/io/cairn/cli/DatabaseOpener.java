package io.cairn.cli;

import io.cairn.api.Database;
import java.util.Map;

/** Opens the database that commands use, from the effective settings. */
@FunctionalInterface
public interface DatabaseOpener {
    /**
     * Opens the database; blocks while it opens (recovery may take a while).
     *
     * @throws io.cairn.api.CairnException {@code database_locked} when another process has it open,
     *     {@code io_error} when the data directory cannot be used
     */
    Opened open(Settings settings, Environment env);

    /** An open database and a way to ask it for status facts. */
    interface Opened {
        /** The database. */
        Database database();

        /** Facts about the open database for {@code cairn status}, in display order. */
        Map<String, Object> status();

        /**
         * Opens another database on the same target over a connection of its own, which the
         * caller closes; empty when the target has no connections (the embedded database).
         */
        default java.util.Optional<Database> openConnection() {
            return java.util.Optional.empty();
        }
    }
}
