/**
 * The public interface of Cairn: {@link io.cairn.api.Database}, {@link io.cairn.api.Transaction},
 * {@link io.cairn.api.ReadTransaction}, {@link io.cairn.api.KeyValue}, {@link io.cairn.api.Range}
 * and {@link io.cairn.api.CairnException}.
 *
 * <p>Embedded and remote databases implement the same interfaces, so code written against this
 * package runs unchanged on a local data directory or on a cluster. Keys are byte strings ordered
 * as unsigned bytes; keys starting with {@code 0xFF} are reserved for the system.
 */
package io.cairn.api;
