package io.cairn.core;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The child process of {@link CrashRecoveryTest}: commits transactions from many threads and
 * prints {@code ack <thread> <seq>} after each acknowledged commit, until it is killed.
 */
public final class CrashChild {
    private CrashChild() {}

    /** Arguments: data directory, run number, thread count. */
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        String run = args[1];
        int threads = Integer.parseInt(args[2]);
        EmbeddedDatabase db = EmbeddedDatabase.open(DatabaseConfig.builder(dir).backend("leveldb")
                .mvccWindow(Duration.ofMillis(100)).logSegmentBytes(64 * 1024).build());
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true);
        out.println("ready");
        for (int t = 0; t < threads; t++) {
            int thread = t;
            Thread th = new Thread(() -> {
                for (long seq = 0; ; seq++) {
                    long s = seq;
                    db.run(tx -> {
                        tx.set(CrashRecoveryTest.key("a", run, thread, s), new byte[100]);
                        tx.set(CrashRecoveryTest.key("b", run, thread, s), new byte[100]);
                        return null;
                    });
                    synchronized (out) {
                        out.println("ack " + thread + " " + s);
                    }
                }
            });
            th.start();
        }
        Thread.sleep(Long.MAX_VALUE);
    }
}
