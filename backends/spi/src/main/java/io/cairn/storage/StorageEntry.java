package io.cairn.storage;

/**
 * One key and its value as returned by a {@link StorageIterator}. The arrays are not copied and
 * must not be modified.
 */
public record StorageEntry(byte[] key, byte[] value) {}
