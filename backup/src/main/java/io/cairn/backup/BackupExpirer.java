package io.cairn.backup;

import io.cairn.api.CairnException;
import io.cairn.api.ErrorCode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Deletes old backups by a retention policy: keep the newest N complete backups, and/or delete
 * complete backups older than a duration. With both, a backup is deleted only when it is outside
 * the newest N and older than the duration, so {@code keep} is a floor.
 *
 * <p>The newest complete backup is never deleted unless {@code force}; backups still being
 * written never are; incomplete and damaged ones only when asked. Thread-safe (stateless);
 * blocks on I/O.
 */
public final class BackupExpirer {
    /**
     * A retention policy.
     *
     * @param keep how many of the newest complete backups to keep, or null for no count rule
     * @param olderThan delete complete backups whose snapshot is older than this, or null for no age rule
     * @param force whether the newest complete backup may be deleted too
     * @param incomplete whether to also delete incomplete and damaged backups (those matching
     *     {@code olderThan} when it is given, by their start time)
     * @param dryRun whether to only report what would be deleted
     * @param now the current time
     */
    public record Policy(Integer keep, Duration olderThan, boolean force, boolean incomplete, boolean dryRun,
            Instant now) {
        /** Checks that the policy names at least one rule and no negative value. */
        public Policy {
            if (keep == null && olderThan == null && !incomplete) {
                throw new CairnException(ErrorCode.INVALID_ARGUMENT, "say what to expire: --keep N, --older-than "
                        + "DURATION, or --incomplete");
            }
            if (keep != null && keep < 0 || olderThan != null && olderThan.isNegative()) {
                throw new CairnException(ErrorCode.INVALID_ARGUMENT, "--keep and --older-than must not be negative");
            }
        }
    }

    /**
     * What expiry did.
     *
     * @param deleted the backups deleted (or that would be, for a dry run)
     * @param kept the backups kept
     * @param bytesFreed the bytes of the deleted backups
     * @param notes why a backup that matched the rules was kept anyway
     */
    public record Result(List<BackupCatalog.Entry> deleted, List<BackupCatalog.Entry> kept, long bytesFreed,
            List<String> notes) {}

    private BackupExpirer() {}

    /**
     * Applies {@code policy} to the backups under {@code root}.
     *
     * @throws CairnException {@code io_error} (1510) when a backup cannot be deleted; those
     *     deleted before stay deleted
     */
    public static Result expire(Path root, Policy policy) {
        List<BackupCatalog.Entry> all = BackupCatalog.list(root);
        List<BackupCatalog.Entry> complete = new ArrayList<>(all.stream()
                .filter(e -> e.state() == BackupCatalog.State.COMPLETE).toList());
        complete.sort(Comparator.comparing((BackupCatalog.Entry e) -> e.manifest().snapshotTime()).reversed());
        List<BackupCatalog.Entry> delete = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        Instant cutoff = policy.olderThan() == null ? null : policy.now().minus(policy.olderThan());
        for (int i = 0; i < complete.size(); i++) {
            BackupCatalog.Entry e = complete.get(i);
            boolean beyondKeep = policy.keep() == null || i >= policy.keep();
            boolean tooOld = cutoff == null || e.manifest().snapshotTime().isBefore(cutoff);
            boolean rulesApply = policy.keep() != null || policy.olderThan() != null;
            if (!rulesApply || !beyondKeep || !tooOld) {
                continue;
            }
            if (i == 0 && !policy.force()) {
                notes.add("kept " + e.name() + ", the newest complete backup; pass --force to delete it too");
                continue;
            }
            delete.add(e);
        }
        if (policy.incomplete()) {
            for (BackupCatalog.Entry e : all) {
                boolean leftover = e.state() == BackupCatalog.State.INCOMPLETE
                        || e.state() == BackupCatalog.State.DAMAGED;
                if (leftover && (cutoff == null || e.startedAt().isBefore(cutoff))) {
                    delete.add(e);
                }
            }
        }
        List<BackupCatalog.Entry> kept = new ArrayList<>(all);
        kept.removeAll(delete);
        long freed = 0;
        for (BackupCatalog.Entry e : delete) {
            if (!policy.dryRun()) {
                // A backup's writer may have finished since listing; never touch one held by a live process.
                if (JobLock.isHeld(e.directory().resolve(BackupFormat.IN_PROGRESS))) {
                    notes.add("kept " + e.name() + ": a process is writing it");
                    kept.add(e);
                    continue;
                }
                try {
                    BackupCatalog.delete(e.directory());
                } catch (IOException ex) {
                    throw new CairnException(ErrorCode.IO_ERROR, "cannot delete backup " + e.directory() + ": "
                            + ex.getMessage(), ex);
                }
            }
            freed += e.bytesOnDisk();
        }
        List<BackupCatalog.Entry> deleted = new ArrayList<>(delete);
        deleted.removeIf(kept::contains);
        return new Result(List.copyOf(deleted), List.copyOf(kept), freed, List.copyOf(notes));
    }
}
