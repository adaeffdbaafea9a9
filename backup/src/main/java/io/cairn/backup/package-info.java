/**
 * Backups of a Cairn database and the jobs around them: {@link io.cairn.backup.BackupCreator}
 * takes a consistent snapshot into checksummed, compressed chunks and a manifest written last;
 * {@link io.cairn.backup.BackupVerifier}, {@link io.cairn.backup.BackupRestorer},
 * {@link io.cairn.backup.BackupCatalog} and {@link io.cairn.backup.BackupExpirer} read them back.
 *
 * <p>Everything here uses only {@code io.cairn.api}, so the same code backs up an embedded
 * database or a cluster. The on-disk format is described in {@link io.cairn.backup.BackupFormat}.
 */
package io.cairn.backup;
