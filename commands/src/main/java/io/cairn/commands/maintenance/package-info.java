/** The {@code cairn maintenance} commands: online compaction and integrity checks, safe to run from cron. */
package io.cairn.commands.maintenance;
