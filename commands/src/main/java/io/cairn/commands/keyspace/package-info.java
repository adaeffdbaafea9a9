/**
 * {@code cairn keyspace}: named key prefixes with range, hash or list placement (create, list,
 * show, drop), and the {@code --keyspace} option the key-value commands share.
 */
package io.cairn.commands.keyspace;
