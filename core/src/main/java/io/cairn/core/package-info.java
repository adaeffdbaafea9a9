/** The engine: versions, the MVCC window, conflict checks, the commit pipeline, the Log interface, the local write-ahead log and EmbeddedDatabase. */
package io.cairn.core;
