/**
 * Replication: JGroups membership and Raft groups (jgroups-raft) that carry Cairn's commit log
 * between nodes.
 *
 * <p>{@link io.cairn.replication.RaftGroup} wraps one jgroups-raft group on its own channel (RAFT
 * counts majorities over the channel's view, so a channel holds exactly one group's members).
 * Entries are applied in log order on every member through a {@link
 * io.cairn.replication.ReplicatedStateMachine}.
 */
package io.cairn.replication;
