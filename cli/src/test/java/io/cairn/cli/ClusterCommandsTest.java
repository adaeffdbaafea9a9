package io.cairn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.commands.ExitCodes;
import io.cairn.server.Node;
import io.cairn.server.NodeConfig;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The node and cluster commands, and key-value commands against a cluster, through the real opener. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ClusterCommandsTest {
    private static final String HOST = "127.0.0.1";

    @TempDir
    Path tmp;

    private final Map<String, String> env = new HashMap<>();
    private final List<Node> nodes = new ArrayList<>();
    private final List<NodeConfig.Member> members = new ArrayList<>();

    @BeforeEach
    void dirs() throws IOException {
        Files.createDirectories(tmp.resolve("home"));
        Files.createDirectories(tmp.resolve("work"));
        Files.createDirectories(tmp.resolve("etc"));
    }

    @AfterEach
    void stop() {
        nodes.forEach(n -> {
            if (n != null) {
                n.close();
            }
        });
    }

    private record Result(int code, String out, String err) {}

    private Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Io io = new Io(new ByteArrayInputStream(new byte[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), false);
        Environment e = new Environment(env, tmp.resolve("home"), tmp.resolve("work"), tmp.resolve("etc"));
        int code = Cli.run(args, io, e, new ChoosingOpener());
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static int freePort() throws IOException {
        return io.cairn.client.FreePorts.next();
    }

    private String startCluster() throws Exception {
        return startCluster(null);
    }

    private String startCluster(javax.net.ssl.SSLContext tls) throws Exception {
        return startCluster(tls, null);
    }

    /** Starts three nodes serving clients with {@code tls}, reaching each other's client ports with {@code nodeClientTls}. */
    private String startCluster(javax.net.ssl.SSLContext tls, javax.net.ssl.SSLContext nodeClientTls) throws Exception {
        for (int i = 0; i < 3; i++) {
            members.add(new NodeConfig.Member("n" + i, new InetSocketAddress(HOST, freePort()),
                    new InetSocketAddress(HOST, io.cairn.client.FreePorts.block(2))));
        }
        for (int i = 0; i < 3; i++) {
            nodes.add(Node.start(new NodeConfig("n" + i, tmp.resolve("n" + i), "t", members, "memory", true), tls, null,
                    nodeClientTls));
        }
        awaitLeaders();
        List<String> addrs = new ArrayList<>();
        members.forEach(m -> addrs.add(HOST + ":" + m.client().getPort()));
        return String.join(",", addrs);
    }

    /** Waits until the data group has a leader and every running node knows the meta group's leader and first map. */
    private void awaitLeaders() throws InterruptedException {
        for (int t = 0; t < 750 && !(nodes.stream().anyMatch(n -> n != null && n.isLeader())
                && nodes.stream().allMatch(n -> n == null || (n.metaGroup().raft().leader() != null
                        && n.metaGroup().localState().initialized()))); t++) {
            Thread.sleep(20);
        }
    }

    @Test
    void clusterStatusAndPartitionCommandsShowTheMetaGroupAndMembershipChangesUpdateTheMap() throws Exception {
        String nodesList = startCluster();
        Result status = run("--cluster", nodesList, "-o", "json", "cluster", "status");
        assertEquals(0, status.code(), status.err());
        String metaLeader = nodes.stream().filter(Node::isMetaLeader).findFirst().orElseThrow().config().name();
        assertEquals(3, status.out().split("\"meta_leader\":\"" + metaLeader + "\"", -1).length - 1, status.out());
        assertEquals(3, status.out().split("\"meta_members\":\\[\"n0\",\"n1\",\"n2\"\\]", -1).length - 1,
                status.out());
        assertTrue(status.out().contains("\"map_epoch\":1"), status.out());
        Result text = run("--cluster", nodesList, "cluster", "status");
        assertTrue(text.out().contains("META_LEADER") && text.out().contains("MAP_EPOCH"), text.out());

        Result list = run("--cluster", nodesList, "partition", "list");
        assertEquals(0, list.code(), list.err());
        String leader = nodes.stream().filter(Node::isLeader).findFirst().orElseThrow().config().name();
        assertTrue(list.out().startsWith("ID  RANGE"), list.out());
        assertTrue(list.out().contains("0   ['', end)  n0, n1, n2  " + leader), list.out());
        Result json = run("--cluster", nodesList, "-o", "json", "partition", "list");
        assertTrue(json.out().contains("\"partitions\":[{\"id\":0,\"begin\":\"\",\"end\":null,"), json.out());
        assertTrue(json.out().contains("\"replicas\":[\"n0\",\"n1\",\"n2\"],\"leader\":\"" + leader
                + "\",\"epoch\":1"), json.out());
        Result show = run("--cluster", nodesList, "partition", "show", "--key", "some key");
        assertEquals(0, show.code(), show.err());
        assertTrue(show.out().contains("n0, n1, n2"), show.out());
        Result missing = run("--cluster", nodesList, "partition", "show", "7");
        assertEquals(ExitCodes.NOT_FOUND, missing.code(), missing.out());
        assertTrue(missing.err().contains("no partition 7"), missing.err());

        // A fourth node joins both groups and the map; then n1 leaves all three.
        members.add(new NodeConfig.Member("n3", new InetSocketAddress(HOST, freePort()),
                new InetSocketAddress(HOST, io.cairn.client.FreePorts.block(2))));
        nodes.add(Node.start(new NodeConfig("n3", tmp.resolve("n3"), "t", members, "memory", true)));
        Result add = run("--cluster", nodesList, "cluster", "members", "add", "n3");
        assertEquals(0, add.code(), add.err());
        Result grown = run("--cluster", nodesList, "-o", "json", "partition", "show", "0");
        assertTrue(grown.out().contains("\"replicas\":[\"n0\",\"n1\",\"n2\",\"n3\"]"), grown.out());
        assertTrue(grown.out().contains("\"epoch\":2"), grown.out());
        Result remove = run("--cluster", nodesList, "cluster", "members", "remove", "n1");
        assertEquals(0, remove.code(), remove.err());
        Result shrunk = run("--cluster", nodesList, "-o", "json", "partition", "list");
        assertTrue(shrunk.out().contains("\"replicas\":[\"n0\",\"n2\",\"n3\"]"), shrunk.out());
        assertTrue(shrunk.out().contains("\"epoch\":3"), shrunk.out());

        Result split = run("--cluster", nodesList, "partition", "split", "0", "--at", "m");
        assertEquals(0, split.code(), split.err());
        assertTrue(split.out().contains("0   ['', 'm')") && split.out().contains("1   ['m', end)"), split.out());
        Result outside = run("--cluster", nodesList, "partition", "split", "1", "--at", "a");
        assertEquals(ExitCodes.USAGE, outside.code(), outside.out());
        assertTrue(outside.err().contains("must be inside the partition"), outside.err());
        Result notNeighbours = run("--cluster", nodesList, "partition", "merge", "0", "0");
        assertEquals(ExitCodes.USAGE, notNeighbours.code(), notNeighbours.out());
        assertTrue(notNeighbours.err().contains("not neighbours"), notNeighbours.err());
        Result merged = run("--cluster", nodesList, "-o", "json", "partition", "merge", "1", "0");
        assertEquals(0, merged.code(), merged.err());
        assertTrue(merged.out().contains("\"id\":0,\"begin\":\"\",\"end\":null,") && merged.out().contains("\"epoch\":5"),
                merged.out());
    }

    @Test
    void partitionListWithoutAClusterShowsTheEmbeddedDatabaseAsOnePartition() {
        Result list = run("-o", "json", "partition", "list");
        assertEquals(0, list.code(), list.err());
        assertTrue(list.out().contains("\"begin\":\"\",\"end\":null,\"range\":\"['', end)\",\"replicas\":[\"local\"]"),
                list.out());
        assertTrue(list.err().contains("no cluster is configured"), list.err());
        assertEquals(ExitCodes.USAGE, run("partition", "show", "x").code());
        Result split = run("partition", "split", "0", "--at", "m");
        assertEquals(ExitCodes.USAGE, split.code(), split.out());
        assertTrue(split.err().contains("cannot be split or merged"), split.err());
        assertEquals(ExitCodes.USAGE, run("partition", "split", "x").code());
        assertEquals(ExitCodes.USAGE, run("partition", "merge", "0").code());
    }

    @Test
    void keyValueCommandsUseTheClusterFromTheClusterFile() throws Exception {
        String nodesList = startCluster();
        Result init = run("cluster", "init", "--cluster-name", "demo", "--nodes", nodesList);
        assertEquals(0, init.code(), init.err());
        assertEquals("demo@" + nodesList + "\n", Files.readString(tmp.resolve("work/cairn.cluster")));
        assertEquals(0, run("put", "k", "v").code());
        Result get = run("get", "k");
        assertEquals("v\n", get.out(), get.err());
        Result status = run("status");
        assertTrue(status.out().contains("mode:") && status.out().contains("cluster"), status.out());
        assertTrue(status.out().contains("cluster:         demo"), status.out());
        assertTrue(!Files.exists(tmp.resolve("work/cairn-data")), "no embedded database was opened");
        Result serializable = run("--consistency", "serializable", "get", "k");
        assertEquals("v\n", serializable.out(), serializable.err());
    }

    @Test
    void keyspacesWorkAgainstAThreeNodeCluster() throws Exception {
        String nodesList = startCluster();
        assertEquals(0, run("cluster", "init", "--cluster-name", "demo", "--nodes", nodesList).code());
        Result create = run("keyspace", "create", "orders", "--partition-by", "hash", "--buckets", "4");
        assertEquals(0, create.code(), create.err());
        for (String k : new String[] {"c", "a", "d", "b"}) {
            Result put = run("put", "-k", "orders", k, "v" + k);
            assertEquals(0, put.code(), put.err());
        }
        assertEquals("a  va\nb  vb\nc  vc\nd  vd\n", run("scan", "-k", "orders").out());
        assertEquals("d\nc\n", run("scan", "-k", "orders", "--reverse", "--limit", "2", "--keys-only").out());
        assertEquals("vb\n", run("get", "-k", "orders", "b").out());
        assertEquals(4, run("scan", "--prefix", "\\xfd\\x15\\x01", "--keys-only").out().split("\n").length,
                "stored under the keyspace's prefix on the cluster");
        assertTrue(run("keyspace", "list").out().contains("orders  hash    4 buckets"));
        Result drop = run("keyspace", "drop", "orders", "--yes");
        assertEquals(0, drop.code(), drop.err());
        assertEquals("", run("scan", "--prefix", "\\xfd").out());
        assertEquals(ExitCodes.USAGE, run("scan", "-k", "orders").code());
    }

    @Test
    void benchSpreadsItsClientsOverSeparateConnections() throws Exception {
        startCluster();
        Node leader = nodes.stream().filter(Node::isLeader).findFirst().orElseThrow();
        // A forwarder in front of the leader counts the TCP connections the bench opens through it.
        try (java.net.ServerSocket proxy = new java.net.ServerSocket(0, 50, java.net.InetAddress.getByName(HOST))) {
            java.util.concurrent.atomic.AtomicInteger accepted = new java.util.concurrent.atomic.AtomicInteger();
            Thread acceptor = new Thread(() -> forward(proxy, leader.clientAddress(), accepted), "test-proxy");
            acceptor.setDaemon(true);
            acceptor.start();
            Result r = run("--cluster", HOST + ":" + proxy.getLocalPort(), "-o", "json", "bench", "mixed",
                    "--clients", "6", "--connections", "3", "--ops", "300", "--keys", "200", "--warmup", "0");
            assertEquals(0, r.code(), r.err());
            assertTrue(r.out().contains("\"connections\":3,") && r.out().contains("\"failed\":0,"), r.out());
            assertTrue(accepted.get() >= 3, "3 connections, not " + accepted.get());
        }
    }

    /** Accepts on {@code proxy} until it closes, piping each connection to {@code target} both ways. */
    private static void forward(java.net.ServerSocket proxy, InetSocketAddress target,
                                java.util.concurrent.atomic.AtomicInteger accepted) {
        while (!proxy.isClosed()) {
            try {
                java.net.Socket in = proxy.accept();
                accepted.incrementAndGet();
                java.net.Socket out = new java.net.Socket(target.getAddress(), target.getPort());
                pipe(in, out);
                pipe(out, in);
            } catch (IOException e) {
                return;
            }
        }
    }

    private static void pipe(java.net.Socket from, java.net.Socket to) {
        Thread t = new Thread(() -> {
            try (from; to) {
                from.getInputStream().transferTo(to.getOutputStream());
            } catch (IOException e) {
                // One side closed: closing both ends the other direction too.
            }
        }, "test-pipe");
        t.setDaemon(true);
        t.start();
    }

    @Test
    void clusterServingTlsIsUsedWithTheCaFileAndRefusedWithoutIt() throws Exception {
        io.cairn.client.TestCertificates.Pem pem = io.cairn.client.TestCertificates.create(tmp, "node", "ip:" + HOST, "EC");
        String nodesList = startCluster(io.cairn.client.Tls.server(pem.certificate(), pem.key()),
                io.cairn.client.Tls.client(pem.certificate()));
        Result put = run("--cluster", nodesList, "--tls-ca", pem.certificate().toString(), "put", "k", "v");
        assertEquals(0, put.code(), put.err());
        env.put("CAIRN_TLS_CA", pem.certificate().toString());
        Result get = run("--cluster", nodesList, "get", "k");
        assertEquals("v\n", get.out(), get.err());
        Result status = run("--cluster", nodesList, "cluster", "status");
        assertEquals(0, status.code(), status.err());
        // Through each node: the two whose meta member does not lead forward to the leader's node over TLS.
        for (String node : nodesList.split(",")) {
            Result list = run("--cluster", node, "-o", "json", "partition", "list");
            assertEquals(0, list.code(), node + ": " + list.err());
            assertTrue(list.out().contains("\"replicas\":[\"n0\",\"n1\",\"n2\"]"), list.out());
        }
        env.remove("CAIRN_TLS_CA");
        Result plain = run("--cluster", nodesList, "--timeout", "3s", "get", "k");
        assertEquals(ExitCodes.UNAVAILABLE, plain.code(), plain.err());
        assertTrue(plain.err().contains("serves TLS"), plain.err());
        Result missing = run("--cluster", nodesList, "--tls-ca", tmp.resolve("nope.crt").toString(), "get", "k");
        assertEquals(ExitCodes.USAGE, missing.code(), missing.err());
        assertTrue(missing.err().contains("nope.crt does not exist"), missing.err());
    }

    @Test
    void nodeStartRefusesIncompleteOrUnusableTlsFilesBeforeOpeningAnything() throws Exception {
        Path data = tmp.resolve("tls-node");
        String member = "n=" + HOST + ":" + freePort() + ":" + io.cairn.client.FreePorts.block(2);
        Result half = run("node", "start", "--name", "n", "--data", data.toString(), "--initial-members", member,
                "--tls-cert", tmp.resolve("a.crt").toString());
        assertEquals(ExitCodes.USAGE, half.code(), half.err());
        assertTrue(half.err().contains("--tls-cert and --tls-key go together"), half.err());
        Result bad = run("node", "start", "--name", "n", "--data", data.toString(), "--initial-members", member,
                "--tls-cert", tmp.resolve("a.crt").toString(), "--tls-key", tmp.resolve("a.key").toString());
        assertEquals(ExitCodes.USAGE, bad.code(), bad.err());
        assertTrue(bad.err().contains("a.crt does not exist"), bad.err());
        Result peerHalf = run("node", "start", "--name", "n", "--data", data.toString(), "--initial-members", member,
                "--peer-tls-cert", tmp.resolve("p.crt").toString(), "--peer-tls-key", tmp.resolve("p.key").toString());
        assertEquals(ExitCodes.USAGE, peerHalf.code(), peerHalf.err());
        assertTrue(peerHalf.err().contains("--peer-tls-cert, --peer-tls-key and --peer-tls-ca go together"), peerHalf.err());
        Result peerBad = run("node", "start", "--name", "n", "--data", data.toString(), "--initial-members", member,
                "--peer-tls-cert", tmp.resolve("p.crt").toString(), "--peer-tls-key", tmp.resolve("p.key").toString(),
                "--peer-tls-ca", tmp.resolve("ca.crt").toString());
        assertEquals(ExitCodes.USAGE, peerBad.code(), peerBad.err());
        assertTrue(peerBad.err().contains("p.crt does not exist"), peerBad.err());
        assertTrue(!Files.exists(data), "nothing was created");
    }

    @Test
    void clusterStatusShowsEveryNodeAndExitsUnavailableWhenOneIsDown() throws Exception {
        String nodesList = startCluster();
        Result ok = run("--cluster", nodesList, "-o", "json", "cluster", "status");
        assertEquals(0, ok.code(), ok.err());
        assertEquals(3, ok.out().split("\"health\":\"ok\"", -1).length - 1, ok.out());
        assertEquals(1, ok.out().split("\"role\":\"Leader\"", -1).length - 1, ok.out());
        int follower = nodes.get(0).isLeader() ? 1 : 0;
        nodes.get(follower).close();
        nodes.set(follower, null);
        Result down = run("--cluster", nodesList, "cluster", "status");
        assertEquals(ExitCodes.UNAVAILABLE, down.code(), down.out() + down.err());
        assertTrue(down.out().contains("unreachable"), down.out());
        assertTrue(down.err().contains("not healthy"), down.err());
    }

    @Test
    void nodeStatusAndNodeStop() throws Exception {
        startCluster();
        String n2 = HOST + ":" + members.get(2).client().getPort();
        Result s = run("node", "status", "--node", n2);
        assertEquals(0, s.code(), s.err());
        assertTrue(s.out().contains("node:") && s.out().contains("n2"), s.out());
        Result stop = run("node", "stop", "--node", n2);
        assertEquals(0, stop.code(), stop.err());
        assertTrue(stop.out().contains("stopping node at " + n2), stop.out());
    }

    @Test
    void nodeStartRefusesAMetaPortThatDisagreesOrClashes() {
        Result disagrees = run("node", "start", "--name", "n1", "--data", tmp.resolve("d").toString(),
                "--initial-members", "n1=127.0.0.1:1:2:7", "--meta-port", "8");
        assertEquals(ExitCodes.USAGE, disagrees.code());
        assertTrue(disagrees.err().contains("--meta-port 8 disagrees with the member entry 'n1=127.0.0.1:1:2:7'"),
                disagrees.err());
        Result clash = run("node", "start", "--name", "n1", "--data", tmp.resolve("d").toString(),
                "--initial-members", "n1=127.0.0.1:1:2,n2=127.0.0.1:5:3");
        assertEquals(ExitCodes.USAGE, clash.code(), clash.err());
        assertTrue(clash.err().contains("which is n1's meta port too"), clash.err());
        assertTrue(!Files.exists(tmp.resolve("d")), "nothing was created");
    }

    @Test
    void nodeStartRejectsInconsistentMembers() {
        Result notAMember = run("node", "start", "--name", "n9", "--data", tmp.resolve("d").toString(),
                "--initial-members", "n1=127.0.0.1:1:2");
        assertEquals(ExitCodes.USAGE, notAMember.code());
        assertTrue(notAMember.err().contains("'n9' is not among --initial-members"), notAMember.err());
        Result half = run("node", "start", "--name", "n1", "--data", tmp.resolve("d").toString(),
                "--initial-members", "n1=127.0.0.1:1:2", "--listen", "127.0.0.1:1");
        assertEquals(ExitCodes.USAGE, half.code());
        assertTrue(half.err().contains("--listen and --peer-port go together"), half.err());
        Result disagree = run("node", "start", "--name", "n1", "--data", tmp.resolve("d").toString(),
                "--initial-members", "n1=127.0.0.1:1:2", "--listen", "127.0.0.1:5", "--peer-port", "6");
        assertEquals(ExitCodes.USAGE, disagree.code());
        assertTrue(disagree.err().contains("disagree"), disagree.err());
        Result malformed = run("node", "start", "--name", "n1", "--data", tmp.resolve("d").toString(),
                "--initial-members", "n1=127.0.0.1:1");
        assertEquals(ExitCodes.USAGE, malformed.code(), malformed.err());
        assertTrue(malformed.err().contains("name=host:clientPort:peerPort"), malformed.err());
        assertTrue(!Files.exists(tmp.resolve("d")), "nothing was created");
    }

    @Test
    void clusterInitRefusesBadInputAndKeepsAnExistingFile() throws IOException {
        Files.writeString(tmp.resolve("work/cairn.cluster"), "old@127.0.0.1:1\n");
        Result exists = run("cluster", "init", "--nodes", "127.0.0.1:4500");
        assertEquals(ExitCodes.USAGE, exists.code());
        assertTrue(exists.err().contains("--force"), exists.err());
        assertEquals("old@127.0.0.1:1\n", Files.readString(tmp.resolve("work/cairn.cluster")));
        Result badAddress = run("cluster", "init", "--nodes", "127.0.0.1", "--file", "other.cluster");
        assertEquals(ExitCodes.USAGE, badAddress.code());
        assertTrue(badAddress.err().contains("'127.0.0.1' is not HOST:PORT"), badAddress.err());
        Result badName = run("cluster", "init", "--cluster-name", "a@b", "--nodes", "h:1", "--file", "other.cluster");
        assertEquals(ExitCodes.USAGE, badName.code());
        assertTrue(!Files.exists(tmp.resolve("work/other.cluster")));
        assertEquals(0, run("cluster", "init", "--nodes", "h:1", "--force").code());
        assertEquals("cairn@h:1\n", Files.readString(tmp.resolve("work/cairn.cluster")));
    }

    @Test
    void badClusterSettingsAreUsageErrors() throws IOException {
        Result noCluster = run("cluster", "status");
        assertEquals(ExitCodes.USAGE, noCluster.code());
        assertTrue(noCluster.err().contains("no cluster is configured"), noCluster.err());
        Result badFlag = run("--cluster", "nowhere", "get", "k");
        assertEquals(ExitCodes.USAGE, badFlag.code());
        assertTrue(badFlag.err().contains("'nowhere' is not HOST:PORT"), badFlag.err());
        Result badConsistency = run("--consistency", "eventual", "get", "k");
        assertEquals(ExitCodes.USAGE, badConsistency.code());
        assertTrue(badConsistency.err().contains("linearizable or serializable"), badConsistency.err());
        Files.writeString(tmp.resolve("work/cairn.cluster"), "no at sign here\n");
        Result badFile = run("get", "k");
        assertEquals(ExitCodes.USAGE, badFile.code());
        assertTrue(badFile.err().contains("cairn.cluster") && badFile.err().contains("NAME@HOST:PORT"), badFile.err());
    }

    @Test
    void anUnreachableClusterIsUnavailable() throws IOException {
        int port = freePort();
        Result r = run("--cluster", HOST + ":" + port, "--timeout", "2s", "get", "k");
        assertEquals(ExitCodes.UNAVAILABLE, r.code(), r.err());
        assertTrue(r.err().contains(Integer.toString(port)), r.err());
    }
}
