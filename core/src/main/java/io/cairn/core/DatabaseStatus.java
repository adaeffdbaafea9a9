package io.cairn.core;

import java.nio.file.Path;

/**
 * A snapshot of an embedded database's state, for the {@code status} command.
 *
 * @param directory the data directory
 * @param backend the storage backend's name
 * @param lastCommittedVersion the newest version given to a commit; reads start here
 * @param durableVersion the version up to which the backend holds every commit; later commits are
 *     recovered from the write-ahead log
 * @param approximateSizeBytes the backend's estimate of the stored data's size
 * @param logSizeBytes the bytes the write-ahead log occupies
 * @param recoveryWarning what recovery found wrong at open (a truncated log tail), or {@code null}
 */
public record DatabaseStatus(Path directory, String backend, long lastCommittedVersion, long durableVersion,
        long approximateSizeBytes, long logSizeBytes, String recoveryWarning) {}
