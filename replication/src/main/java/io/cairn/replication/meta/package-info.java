/**
 * The meta group: a Raft group of its own, run by every node next to the data group, that holds
 * the cluster's nodes, the partition map and the timestamp oracle's reserved limit.
 *
 * <p>{@link io.cairn.replication.meta.MetaState} is the replicated state and
 * {@link io.cairn.replication.meta.MetaCommand} the commands that change it, both with versioned
 * binary forms; {@link io.cairn.replication.meta.MetaGroup} runs one member of the group on a
 * {@link io.cairn.replication.RaftGroup}, and {@link io.cairn.replication.meta.TimestampOracle}
 * hands out timestamps on its leader.
 */
package io.cairn.replication.meta;
