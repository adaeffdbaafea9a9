/** {@code cairn node}: run a node in the foreground, ask one for its status, stop one. */
package io.cairn.commands.node;
