/**
 * Building blocks for implementers of {@link io.cairn.api.Database}: the client-side transaction
 * ({@link io.cairn.api.txn.BufferedTransaction}) over a {@link io.cairn.api.txn.TransactionBackend},
 * the commit record ({@link io.cairn.api.txn.CommitRequest}) with its binary encoding, atomic
 * operation semantics and the retry loop behind {@code Database.run}.
 *
 * <p>Application code does not need this package; it is shared by the embedded engine and the
 * remote client so that both behave identically. It depends on nothing but {@code io.cairn.api}.
 */
package io.cairn.api.txn;
