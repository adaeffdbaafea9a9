/**
 * The storage service-provider interface: {@link io.cairn.storage.StorageEngine}, an ordered map
 * of byte-string keys with atomic write batches and consistent snapshots, and
 * {@link io.cairn.storage.StorageEngineProvider}, found by name with {@link java.util.ServiceLoader}.
 *
 * <p>Backends live in their own modules ({@code backends/memory}, {@code backends/leveldb}) and
 * register a provider in {@code META-INF/services/io.cairn.storage.StorageEngineProvider}. Every
 * backend must pass the conformance kit shipped in this module's test-jar
 * ({@code io.cairn.storage.StorageEngineConformanceTest}: a backend's test is a subclass naming
 * its provider and whether it is durable).
 *
 * <p>{@link io.cairn.storage.DirectoryLock} is the one way a data directory is locked, by a
 * backend or by the engine: an OS file lock plus a line naming the holding process.
 */
package io.cairn.storage;
