package io.cairn.tests;

import java.util.Map;

/**
 * A kind of fault the robustness runner injects into one node of a {@link LocalCluster} and later
 * heals. Kinds are looked up by name in {@link Faults}; a new kind (a network partition, dropped
 * client connections, a full disk) is one more implementation registered there.
 */
interface Fault {
    /** The kind's name without its target, such as {@code kill} or {@code pause}. */
    String name();

    /** Injects the fault into {@code m} and says what was done. Blocks until it is in effect. */
    String inject(LocalCluster cluster, LocalCluster.Member m) throws Exception;

    /** Undoes {@link #inject} on {@code m}; does nothing when {@code m} is healthy. Blocks until healed. */
    void heal(LocalCluster cluster, LocalCluster.Member m) throws Exception;

    /** SIGKILL, healed by starting the node again on its data directory. */
    final class Kill implements Fault {
        @Override
        public String name() {
            return "kill";
        }

        @Override
        public String inject(LocalCluster cluster, LocalCluster.Member m) throws Exception {
            long pid = m.process == null ? -1 : m.process.pid();
            cluster.kill(m);
            return "SIGKILL pid " + pid;
        }

        @Override
        public void heal(LocalCluster cluster, LocalCluster.Member m) throws Exception {
            if (m.process == null) {
                cluster.start(m);
                LocalCluster.awaitListening(m, 60_000);
            }
        }
    }

    /** SIGSTOP, healed by SIGCONT: the node keeps its connections but answers nothing meanwhile. */
    final class Pause implements Fault {
        @Override
        public String name() {
            return "pause";
        }

        @Override
        public String inject(LocalCluster cluster, LocalCluster.Member m) throws Exception {
            cluster.pause(m);
            return "SIGSTOP pid " + m.process.pid();
        }

        @Override
        public void heal(LocalCluster cluster, LocalCluster.Member m) throws Exception {
            cluster.resume(m);
        }
    }

    /**
     * A network partition: the node is cut off from every other member at the JGroups transport
     * (Raft, views and heartbeats dropped both ways), healed by ending the partition.
     */
    final class Partition implements Fault {
        @Override
        public String name() {
            return "partition";
        }

        @Override
        public String inject(LocalCluster cluster, LocalCluster.Member m) throws Exception {
            if (m.process == null || !m.process.isAlive()) {
                return "not running; no partition";
            }
            cluster.isolate(m);
            return "cut off from every other member";
        }

        @Override
        public void heal(LocalCluster cluster, LocalCluster.Member m) throws Exception {
            cluster.heal();
        }
    }

    /**
     * A full disk: the node's writes fail with {@code io_error} "no space left on device" (the
     * simulated disk budget of a node started with fault injection allowed), healed by freeing it.
     */
    final class DiskFull implements Fault {
        @Override
        public String name() {
            return "disk";
        }

        @Override
        public String inject(LocalCluster cluster, LocalCluster.Member m) throws Exception {
            if (m.process == null || !m.process.isAlive()) {
                return "not running; disk untouched";
            }
            cluster.diskFull(m);
            return "disk full";
        }

        @Override
        public void heal(LocalCluster cluster, LocalCluster.Member m) throws Exception {
            if (m.process != null && m.process.isAlive()) {
                cluster.diskFreed(m);
            }
        }
    }

    /**
     * Client connections dropped mid-request: the node closes every client connection every
     * 250 ms while the fault lasts (requests in flight get no answer; a commit among them has an
     * unknown outcome), healed by stopping the drops.
     */
    final class DropConnections implements Fault {
        @Override
        public String name() {
            return "drop";
        }

        @Override
        public String inject(LocalCluster cluster, LocalCluster.Member m) throws Exception {
            if (m.process == null || !m.process.isAlive()) {
                return "not running; no connection to drop";
            }
            cluster.admin(m, "fault-drop-connections", java.util.List.of("600000"));
            return "client connections dropped every 250 ms";
        }

        @Override
        public void heal(LocalCluster cluster, LocalCluster.Member m) throws Exception {
            if (m.process != null && m.process.isAlive()) {
                cluster.admin(m, "fault-drop-connections", java.util.List.of("0"));
            }
        }
    }

    /**
     * A membership change while writing: a fresh node is started and added to the group (four
     * voting members, majority three; it catches up by copying a peer), healed by removing it
     * from the group, stopping it and deleting its data. The target is not used: changes go to
     * whichever member leads, so {@code member-leader} and {@code member-random} are the same fault.
     */
    final class MembershipChange implements Fault {
        private LocalCluster.Member added;

        @Override
        public String name() {
            return "member";
        }

        @Override
        public synchronized String inject(LocalCluster cluster, LocalCluster.Member m) throws Exception {
            if (added != null) {
                return "a member is already added";
            }
            LocalCluster.Member spare = cluster.spare();
            cluster.start(spare);
            LocalCluster.awaitListening(spare, 60_000);
            added = spare;
            Map<String, String> answer = change(cluster, "members-add", spare.name);
            return "added " + spare.name + ": members " + answer.get("members");
        }

        @Override
        public synchronized void heal(LocalCluster cluster, LocalCluster.Member m) throws Exception {
            if (added == null) {
                return;
            }
            change(cluster, "members-remove", added.name);
            cluster.kill(added);
            try (java.util.stream.Stream<java.nio.file.Path> all = java.nio.file.Files.walk(added.dir)) {
                for (java.nio.file.Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    java.nio.file.Files.delete(p);
                }
            }
            added = null;
        }

        /**
         * Sends a membership change to the leader until it is in effect, for up to two minutes: while
         * there is no leader, while an add is refused because a member is not connected yet (just
         * healed or restarted), and after an answer was lost, when the change may have been made
         * already (the leader's member list says so; a change is not sent twice).
         */
        private static Map<String, String> change(LocalCluster cluster, String command, String name) throws Exception {
            boolean adding = command.equals("members-add");
            long end = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(120);
            while (true) {
                try (io.cairn.client.RemoteDatabase db = cluster.client()) {
                    return db.admin(command, java.util.List.of(name));
                } catch (io.cairn.api.CairnException e) {
                    java.util.List<String> members = leaderMembers(cluster);
                    if (members != null && members.contains(name) == adding) {
                        return Map.of("members", String.join(",", members), "note", "in effect after: " + e.getMessage());
                    }
                    if (System.nanoTime() > end) {
                        throw e;
                    }
                    Thread.sleep(500);
                }
            }
        }

        /** The voting members as the member that leads now reports them, or null when none answers as leader. */
        private static java.util.List<String> leaderMembers(LocalCluster cluster) {
            for (LocalCluster.Member m : cluster.members()) {
                Map<String, String> status = m.process == null ? Map.of() : cluster.statusOrEmpty(m);
                if ("Leader".equals(status.get("role")) && status.get("members") != null) {
                    return java.util.List.of(status.get("members").split(","));
                }
            }
            return null;
        }
    }
}
