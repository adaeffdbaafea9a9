package io.cairn.tests;

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
}
