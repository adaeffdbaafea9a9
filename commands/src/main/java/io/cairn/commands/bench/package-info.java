/** The load tool {@code cairn bench}: workloads, key distributions, the runner and its report. */
package io.cairn.commands.bench;
