/** JMH benchmarks of the storage backends and the engine. */
package io.cairn.bench;
