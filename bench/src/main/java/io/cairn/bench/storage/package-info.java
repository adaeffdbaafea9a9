/**
 * JMH benchmarks of the storage backends in LevelDB's db_bench convention (fillseq, fillrandom,
 * fillsync, readrandom, readseq; 16-byte keys, 100-byte values): through the SPI for every
 * backend, and straight on the LevelDB API as the baseline for the cost of the SPI.
 */
package io.cairn.bench.storage;
