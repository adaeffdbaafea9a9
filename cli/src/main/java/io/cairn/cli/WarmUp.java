package io.cairn.cli;

import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * Initialises, on a second thread, the parts of the JDK that opening the embedded database needs
 * and that cost a cold process most: java.time formatting (the lock file's holder line),
 * {@link java.util.Formatter} with the locale data (LevelDB names its files with
 * {@code String.format}), java.util.logging (LevelDB's caches create a logger) and the common
 * fork-join pool's classes (the write-ahead log's futures).
 *
 * <p>Each of them would be initialised by the command's own thread a few milliseconds later;
 * initialising a class is done once, whichever thread asks first, and the other waits for it, so
 * this changes no behaviour and adds no work: on a machine with a free core it only moves that
 * work off the command's critical path.
 */
final class WarmUp extends Thread {
    // A subclass rather than a lambda: the first lambda of a process initialises the lambda
    // machinery, which this thread should do while the command's thread gets on with its work.
    private WarmUp() {
        super("cairn-warm-up");
        setDaemon(true);
    }

    /** Starts the warm-up on a daemon thread and returns at once. */
    static void begin() {
        new WarmUp().start();
    }

    /**
     * java.time first, which the lock needs soon; then logging, which takes longest: the
     * command's thread, which needs the formatter a little earlier, initialises that itself in
     * the meantime rather than wait for this thread.
     */
    @Override
    public void run() {
        try {
            Instant.now().toString();
            java.util.logging.LogManager.getLogManager();
            ProcessHandle.current();
            String.format(Locale.getDefault(Locale.Category.FORMAT), "%06d.%s", 1L, "log");
            new CompletableFuture<>().complete(null);
        } catch (RuntimeException e) {
            // Only an optimisation: whatever failed here fails again, and is reported, where it is used.
        }
    }
}
