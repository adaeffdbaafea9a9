package io.cairn.commands.bench;

import java.io.PrintStream;

/**
 * Live progress of a bench run on a terminal: once a second, one line on standard error that
 * overwrites the previous one; erased when the run ends. Thread-safe.
 */
final class Progress {
    private final Thread thread;
    private final PrintStream err;

    private Progress(Thread thread, PrintStream err) {
        this.thread = thread;
        this.err = err;
    }

    /** Starts printing the progress of {@code runner} to {@code err} from a daemon thread. */
    static Progress start(PrintStream err, String workload, Runner runner) {
        long started = System.nanoTime();
        Thread t = new Thread(() -> {
            long lastOps = 0;
            long lastTime = started;
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    Thread.sleep(1_000);
                } catch (InterruptedException e) {
                    return;
                }
                long now = System.nanoTime();
                long ops = runner.completed();
                long rate = (ops - lastOps) * 1_000_000_000L / Math.max(1, now - lastTime);
                err.print(String.format("\rbench %s: %ds, %,d ops measured, %,d ops/s, %,d failed   ",
                        workload, (now - started) / 1_000_000_000L, ops, rate, runner.failed()));
                err.flush();
                lastOps = ops;
                lastTime = now;
            }
        }, "bench-progress");
        t.setDaemon(true);
        t.start();
        return new Progress(t, err);
    }

    /** Stops printing and erases the line; blocks until the printing thread is gone. */
    void stop() {
        thread.interrupt();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        err.print("\r\033[K");
        err.flush();
    }
}
