/** {@code cairn partition}: the partition map, as the cluster's meta group holds it. */
package io.cairn.commands.partition;
