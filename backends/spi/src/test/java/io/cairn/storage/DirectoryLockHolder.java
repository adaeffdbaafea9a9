package io.cairn.storage;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A child-process helper for lock tests: {@code hold DIR} locks DIR, prints {@code LOCKED} and
 * waits for a line on stdin; {@code try DIR} tries once and prints {@code LOCKED} or the
 * exception kind and message.
 */
public final class DirectoryLockHolder {
    private DirectoryLockHolder() {}

    /** Runs the helper; see the class comment for arguments. */
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[1]);
        try (DirectoryLock lock = DirectoryLock.acquire(dir)) {
            System.out.println(lock.isHeld() ? "LOCKED" : "NOT HELD");
            System.out.flush();
            if (args[0].equals("hold")) {
                new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            }
        } catch (StorageException e) {
            System.out.println(e.kind() + " " + e.getMessage());
            System.out.flush();
        }
    }
}
