/** The LevelDB storage backend, on the LevelDB Java port. */
package io.cairn.storage.leveldb;
