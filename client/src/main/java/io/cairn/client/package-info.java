/**
 * The Cairn client: the wire protocol ({@link io.cairn.client.protocol}) and
 * {@code RemoteDatabase}, which implements {@link io.cairn.api.Database} against a cluster.
 *
 * <p>It depends only on {@code io.cairn.api}, so a one-shot command that talks to a cluster
 * loads little code and starts fast.
 */
package io.cairn.client;
