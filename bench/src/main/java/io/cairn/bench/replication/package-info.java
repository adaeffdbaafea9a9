/** Benchmarks of the Raft layer: what groups cost a node when nothing is written ({@link io.cairn.bench.replication.IdleGroups}). */
package io.cairn.bench.replication;
