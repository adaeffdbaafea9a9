/** Benchmarks of backup and restore against a raw scan of the same data. */
package io.cairn.bench.backup;
