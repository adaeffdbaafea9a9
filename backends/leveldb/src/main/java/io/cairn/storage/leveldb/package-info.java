/**
 * The LevelDB storage backend ({@code --backend leveldb}), on the pure-Java LevelDB port
 * ({@code org.iq80.leveldb:leveldb}).
 *
 * <p>What it adds to the port, and why:
 * <ul>
 *   <li>A {@link io.cairn.storage.DirectoryLock} on the data directory that names its holder.
 *   <li>Consistent snapshots: the port's snapshot point reads go to the current table files and
 *       its compactions ignore snapshots, so every snapshot and iterator here reads through one
 *       iterator pinned to the files and memtables of its moment ({@code PinnedView}).
 *   <li>Reverse iteration, which the port lacks, from forward scans of shrinking windows
 *       ({@code ReverseScanner}).
 *   <li>Range deletes, which LevelDB lacks, expanded into point deletes inside the same atomic
 *       batch while writes are serialized.
 * </ul>
 */
package io.cairn.storage.leveldb;
