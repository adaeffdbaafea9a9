/**
 * A YCSB binding: {@link io.cairn.ycsb.CairnClient} lets the YCSB core client drive Cairn, a
 * cluster through {@code RemoteDatabase} or an embedded database in the YCSB process.
 */
package io.cairn.ycsb;
