/**
 * JMH benchmarks of the transactional engine: durable commit throughput and latency with
 * concurrent committers, and point reads through the engine against the raw backend. Results and
 * commands are recorded in {@code docs/performance.md} under "Engine".
 */
package io.cairn.bench.engine;
