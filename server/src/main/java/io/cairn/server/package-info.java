/**
 * A Cairn node's network side: {@link io.cairn.server.ProtocolServer} accepts client connections,
 * speaks the wire protocol of {@link io.cairn.client.protocol}, and hands each request to a
 * {@link io.cairn.server.NodeService}, which routes it to the replica that owns the data.
 */
package io.cairn.server;
