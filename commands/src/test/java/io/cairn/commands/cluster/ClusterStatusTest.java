package io.cairn.commands.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.commands.ByteFormat;
import io.cairn.commands.CommandContext;
import io.cairn.commands.ExitCodes;
import io.cairn.commands.OutputFormat;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code cluster status} over nodes of mixed versions. A node of an older version cannot run here,
 * so the nodes' answers come from a stand-in {@link ClusterControl}.
 */
class ClusterStatusTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private static Map<String, String> node(String name, String metaLeader) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("node", name);
        s.put("role", name.equals("n0") ? "Leader" : "Follower");
        s.put("leader", "n0");
        s.put("term", "3");
        s.put("applied_version", "10");
        s.put("durable_version", "10");
        if (metaLeader != null) {
            s.put("meta_role", name.equals(metaLeader) ? "Leader" : "Follower");
            s.put("meta_leader", metaLeader);
            s.put("meta_term", "2");
            s.put("map_epoch", "1");
            s.put("meta_members", "n0,n1,n2");
        }
        return s;
    }

    private int status(Map<String, Map<String, String>> nodes) {
        ClusterControl control = (ClusterControl) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ClusterControl.class}, (p, m, a) -> switch (m.getName()) {
                    case "clusterAddresses" -> List.copyOf(nodes.keySet());
                    case "nodeStatus" -> nodes.get((String) a[0]);
                    default -> throw new UnsupportedOperationException(m.getName());
                });
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        CommandContext ctx = (CommandContext) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {CommandContext.class, ClusterControl.Provider.class}, (p, m, a) -> switch (m.getName()) {
                    case "clusterControl" -> control;
                    case "out" -> o;
                    case "err" -> e;
                    case "outputFormat" -> OutputFormat.JSON;
                    case "byteFormat" -> ByteFormat.ESCAPED;
                    default -> throw new UnsupportedOperationException(m.getName());
                });
        return new ClusterStatus(ctx).call();
    }

    private static Map<String, Map<String, String>> cluster(String... metaLeaders) {
        Map<String, Map<String, String>> nodes = new LinkedHashMap<>();
        for (int i = 0; i < metaLeaders.length; i++) {
            nodes.put("127.0.0.1:460" + i, node("n" + i, metaLeaders[i]));
        }
        return nodes;
    }

    @Test
    void aNodeOfAnOlderVersionWithoutMetaFieldsDoesNotMakeTheMetaLeaderDisagreedDuringARollingUpgrade() {
        assertEquals(ExitCodes.SUCCESS, status(cluster("n1", null, "n1")), err.toString(StandardCharsets.UTF_8));
        String json = out.toString(StandardCharsets.UTF_8);
        assertEquals(2, json.split("\"meta_leader\":\"n1\"", -1).length - 1, json);
    }

    @Test
    void noNodeOfTheOlderVersionHasMetaFieldsSoNoMetaLeaderIsRequired() {
        assertEquals(ExitCodes.SUCCESS, status(cluster(null, null, null)), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void nodesThatReportDifferentMetaLeadersStillExitUnavailable() {
        assertEquals(ExitCodes.UNAVAILABLE, status(cluster("n1", null, "n2")));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("no leader of the meta group is agreed on"),
                err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aNodeThatKnowsNoMetaLeaderStillExitsUnavailable() {
        assertEquals(ExitCodes.UNAVAILABLE, status(cluster("n1", "null", "n1")));
    }
}
