package io.cairn.cli;

import io.cairn.backup.JobLock;
import java.nio.file.Path;

/** A child JVM for tests: takes the job lock in {@code args[0]} for job {@code args[1]}, says so, and waits to be killed. */
final class LockHolder {
    private LockHolder() {}

    public static void main(String[] args) throws InterruptedException {
        JobLock lock = JobLock.tryAcquire(Path.of(args[0]), args[1]).orElseThrow();
        System.out.println("locked " + lock.file());
        System.out.flush();
        Thread.sleep(60_000);
    }
}
