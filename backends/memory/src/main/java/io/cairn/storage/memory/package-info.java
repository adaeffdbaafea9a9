/** The memory storage backend, for tests and scratch use: nothing survives the process. */
package io.cairn.storage.memory;
