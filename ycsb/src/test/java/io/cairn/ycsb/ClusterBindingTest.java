package io.cairn.ycsb;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cairn.client.FreePorts;
import io.cairn.server.Node;
import io.cairn.server.NodeConfig;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.Vector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import site.ycsb.ByteIterator;
import site.ycsb.DBException;
import site.ycsb.Status;
import site.ycsb.StringByteIterator;

/** The binding against three in-process nodes on loopback, through {@code RemoteDatabase}. */
@Timeout(180)
class ClusterBindingTest {
    private static final String HOST = "127.0.0.1";

    @TempDir
    Path tmp;

    private final List<Node> nodes = new ArrayList<>();
    private final List<CairnClient> clients = new ArrayList<>();

    @AfterEach
    void stop() {
        clients.forEach(CairnClient::cleanup);
        nodes.forEach(Node::close);
    }

    private String startCluster() throws Exception {
        return startCluster(null);
    }

    private String startCluster(javax.net.ssl.SSLContext tls) throws Exception {
        List<NodeConfig.Member> members = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            members.add(new NodeConfig.Member("n" + i, new InetSocketAddress(HOST, FreePorts.next()),
                    new InetSocketAddress(HOST, FreePorts.block(2))));
        }
        for (int i = 0; i < 3; i++) {
            nodes.add(Node.start(new NodeConfig("n" + i, tmp.resolve("n" + i), "ycsb", members, "memory", false), tls));
        }
        List<String> addrs = new ArrayList<>();
        members.forEach(m -> addrs.add(HOST + ":" + m.client().getPort()));
        return String.join(",", addrs);
    }

    private CairnClient client(String cluster, String... more) throws DBException {
        Properties p = new Properties();
        p.setProperty("cairn.cluster", cluster);
        p.setProperty("cairn.connections", "2");
        for (int i = 0; i < more.length; i += 2) {
            p.setProperty(more[i], more[i + 1]);
        }
        CairnClient c = new CairnClient();
        c.setProperties(p);
        c.init();
        clients.add(c);
        return c;
    }

    @Test
    void threadsOnTwoConnectionsSeeOneAnothersRecords() throws Exception {
        String cluster = startCluster();
        CairnClient a = client(cluster);
        CairnClient b = client(cluster);
        for (int i = 0; i < 10; i++) {
            Map<String, String> f = Map.of("field0", "v" + i, "field1", "w");
            assertEquals(Status.OK, (i % 2 == 0 ? a : b).insert("usertable", "user" + i,
                    StringByteIterator.getByteIteratorMap(new HashMap<>(f))));
        }
        assertEquals(Status.OK, b.update("usertable", "user4",
                StringByteIterator.getByteIteratorMap(new HashMap<>(Map.of("field1", "W")))));
        Map<String, ByteIterator> row = new HashMap<>();
        assertEquals(Status.OK, a.read("usertable", "user4", null, row));
        assertEquals(Map.of("field0", "v4", "field1", "W"), StringByteIterator.getStringMap(row));
        Vector<HashMap<String, ByteIterator>> rows = new Vector<>();
        assertEquals(Status.OK, b.scan("usertable", "user3", 3, Set.of("field0"), rows));
        List<String> got = new ArrayList<>();
        rows.forEach(r -> got.add(StringByteIterator.getStringMap(r).get("field0")));
        assertEquals(List.of("v3", "v4", "v5"), got);
        assertEquals(Status.OK, a.delete("usertable", "user4"));
        assertEquals(Status.NOT_FOUND, b.read("usertable", "user4", null, new HashMap<>()));
    }

    @Test
    void aClusterServingTlsIsReachedWithTheCaFile() throws Exception {
        io.cairn.client.TestCertificates.Pem pem = io.cairn.client.TestCertificates.create(tmp, "node", "ip:" + HOST, "EC");
        String cluster = startCluster(io.cairn.client.Tls.server(pem.certificate(), pem.key()));
        CairnClient c = client(cluster, "cairn.tls-ca", pem.certificate().toString());
        assertEquals(Status.OK, c.insert("usertable", "user1",
                StringByteIterator.getByteIteratorMap(new HashMap<>(Map.of("field0", "v")))));
        Map<String, ByteIterator> row = new HashMap<>();
        assertEquals(Status.OK, c.read("usertable", "user1", null, row));
        assertEquals(Map.of("field0", "v"), StringByteIterator.getStringMap(row));
    }
}
