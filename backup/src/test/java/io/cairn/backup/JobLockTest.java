package io.cairn.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Job locks exclude a second run, in this process or another, name the holder, and die with it. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JobLockTest {
    @TempDir
    Path tmp;

    @Test
    void secondRunInTheSameProcessIsRefusedUntilTheFirstReleases() {
        Path file = tmp.resolve("job.lock");
        Optional<JobLock> first = JobLock.tryAcquire(file, "backup create");
        assertTrue(first.isPresent());
        assertTrue(JobLock.tryAcquire(file, "backup create").isEmpty());
        assertTrue(JobLock.isHeld(file), "checking must not drop the lock");
        JobLock.Holder h = JobLock.holder(file).orElseThrow();
        assertEquals(ProcessHandle.current().pid(), h.pid());
        assertEquals("backup create", h.job());
        assertTrue(JobLock.tryAcquire(file, "backup create").isEmpty(), "still held after the checks");
        first.get().close();
        assertFalse(JobLock.isHeld(file));
        JobLock again = JobLock.tryAcquire(file, "backup create").orElseThrow();
        again.close();
    }

    @Test
    void lockHeldByAnotherProcessNamesItAndIsFreedWhenItIsKilled() throws Exception {
        Path file = tmp.resolve("job.lock");
        Process child = ChildProcess.start("lock", file.toString(), "backup expire");
        try {
            BufferedReader out = ChildProcess.reader(child);
            ChildProcess.awaitLine(child, out, "locked");
            assertTrue(JobLock.tryAcquire(file, "backup expire").isEmpty());
            JobLock.Holder h = JobLock.holder(file).orElseThrow();
            assertEquals(child.pid(), h.pid());
            assertEquals("backup expire", h.job());
            assertTrue(h.toString().contains("pid " + child.pid()) && h.toString().contains(h.host()));
        } finally {
            ChildProcess.kill(child);
        }
        JobLock mine = JobLock.tryAcquire(file, "backup expire").orElseThrow();
        assertEquals(ProcessHandle.current().pid(), JobLock.holder(file).orElseThrow().pid());
        mine.close();
    }
}
