/** {@code cairn cluster}: the cluster file, the status of every node, and membership changes. */
package io.cairn.commands.cluster;
