/**
 * The memory storage backend ({@code --backend memory}), for tests and scratch use: nothing
 * survives the process.
 *
 * <p>Every version of a key lives in one {@link java.util.concurrent.ConcurrentSkipListMap}
 * keyed by (key, batch sequence number). A batch gets the next sequence number and becomes
 * visible all at once when the engine publishes that number; a snapshot is just a sequence
 * number, so taking one costs O(1). Versions that no open snapshot can see are reclaimed after
 * each write and when the oldest snapshot closes.
 */
package io.cairn.storage.memory;
