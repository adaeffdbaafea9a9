package io.cairn.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.api.CairnException;
import io.cairn.api.ErrorCode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class NodeConfigTest {
    @Test
    void aMembersMetaPortIsThePeerPortPlusOneUnlessItNamesOne() {
        NodeConfig.Member plain = NodeConfig.Member.parse("n1=127.0.0.1:4501:4601");
        assertEquals(4602, plain.meta().getPort());
        assertEquals("n1=127.0.0.1:4501:4601", plain.spec());
        NodeConfig.Member named = NodeConfig.Member.parse("n1=127.0.0.1:4501:4601:4700");
        assertEquals(4700, named.meta().getPort());
        assertEquals("n1=127.0.0.1:4501:4601:4700", named.spec());
        assertEquals(named, NodeConfig.Member.parse(named.spec()));
        for (String bad : List.of("n1=127.0.0.1:4501", "n1=127.0.0.1:4501:4601:4700:1", "n1=127.0.0.1:4501:4601:x",
                "n1=127.0.0.1:4501:4601:4601")) {
            CairnException e = assertThrows(CairnException.class, () -> NodeConfig.Member.parse(bad));
            assertEquals(ErrorCode.INVALID_ARGUMENT, e.error(), bad);
        }
    }

    @Test
    void membersOnOneHostWithConsecutivePeerPortsAreRefusedNamingTheClash() {
        List<NodeConfig.Member> clash = List.of(NodeConfig.Member.parse("n1=127.0.0.1:4501:4601"),
                NodeConfig.Member.parse("n2=127.0.0.1:4502:4602"));
        CairnException e = assertThrows(CairnException.class,
                () -> new NodeConfig("n1", Path.of("d"), "c", clash, "memory", true));
        assertTrue(e.getMessage().contains("n2's peer port is 127.0.0.1:4602, which is n1's meta port too"),
                e.getMessage());
        List<NodeConfig.Member> spaced = List.of(NodeConfig.Member.parse("n1=127.0.0.1:4501:4601"),
                NodeConfig.Member.parse("n2=127.0.0.1:4502:4603"), NodeConfig.Member.parse("n3=127.0.0.1:4503:4605:4700"));
        assertEquals(3, new NodeConfig("n1", Path.of("d"), "c", spaced, "memory", true).members().size());
    }

    @Test
    void theSameHostNamedTwoWaysOrAWildcardAddressClashesOnOnePort() {
        CairnException e = assertThrows(CairnException.class, () -> new NodeConfig("n1", Path.of("d"), "c",
                List.of(NodeConfig.Member.parse("n1=127.0.0.1:4501:4601"), NodeConfig.Member.parse("n2=localhost:4502:4602")),
                "memory", true));
        assertEquals(ErrorCode.INVALID_ARGUMENT, e.error());
        assertTrue(e.getMessage().contains("n2's peer port is localhost:4602, which is n1's meta port too"
                + " (127.0.0.1:4602)"), e.getMessage());
        CairnException wild = assertThrows(CairnException.class, () -> new NodeConfig("n1", Path.of("d"), "c",
                List.of(NodeConfig.Member.parse("n1=0.0.0.0:4501:4601"), NodeConfig.Member.parse("n2=10.1.2.3:4501:4603")),
                "memory", true));
        assertTrue(wild.getMessage().contains("n2's client port is 10.1.2.3:4501, which is n1's client port too"),
                wild.getMessage());
        // Other hosts, or the same host on other ports, do not clash.
        assertEquals(2, new NodeConfig("n1", Path.of("d"), "c", List.of(NodeConfig.Member.parse("n1=127.0.0.1:4501:4601"),
                NodeConfig.Member.parse("n2=127.0.0.2:4501:4601")), "memory", true).members().size());
        assertEquals(2, new NodeConfig("n1", Path.of("d"), "c", List.of(NodeConfig.Member.parse("n1=0.0.0.0:4501:4601"),
                NodeConfig.Member.parse("n2=localhost:4502:4603")), "memory", true).members().size());
    }

    @Test
    void aPeerPortWhoseMetaPortWouldBeAbove65535IsRefusedNamingTheMetaPort() {
        CairnException e = assertThrows(CairnException.class, () -> NodeConfig.Member.parse("n1=127.0.0.1:4501:65535"));
        assertEquals(ErrorCode.INVALID_ARGUMENT, e.error());
        assertTrue(e.getMessage().contains("the meta port would be the peer port 65535 + 1 = 65536, above 65535"),
                e.getMessage());
        assertEquals(4700, NodeConfig.Member.parse("n1=127.0.0.1:4501:65535:4700").meta().getPort());
        CairnException c = assertThrows(CairnException.class, () -> new NodeConfig.Member("n7",
                new java.net.InetSocketAddress("127.0.0.1", 4501), new java.net.InetSocketAddress("127.0.0.1", 65535)));
        assertEquals(ErrorCode.INVALID_ARGUMENT, c.error());
        assertTrue(c.getMessage().contains("member 'n7': its meta port would be the peer port 65535 + 1 = 65536"),
                c.getMessage());
    }
}
