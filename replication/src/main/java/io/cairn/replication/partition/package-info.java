/**
 * The partition map and key placement: partitions that cut the keyspace into contiguous ranges
 * (with an epoch that grows on every change; split, merge, move). How a keyspace's range, hash or
 * list scheme places its keys is {@link io.cairn.api.partition.Placement}, in the api module so
 * that commands can use it; {@code PartitionMap.splitAt} makes the cuts it asks for. Pure data and
 * functions: the meta group
 * that will hold the map, and the Raft groups per partition, build on them.
 */
package io.cairn.replication.partition;
