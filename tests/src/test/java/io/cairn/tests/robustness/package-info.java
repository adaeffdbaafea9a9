/**
 * The robustness suite's history and checkers: a recorder of every operation's invocation and
 * completion (and of the faults injected, on the same clock), and checkers that judge a history
 * against a model: linearizable registers, a bank whose total never changes, Jepsen's list-append
 * against serializability, and durability of acknowledged writes. Nothing here needs a cluster;
 * the runner that drives one lives in {@code io.cairn.tests}.
 */
package io.cairn.tests.robustness;
