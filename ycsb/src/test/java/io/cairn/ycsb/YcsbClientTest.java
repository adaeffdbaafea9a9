package io.cairn.ycsb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** YCSB's own client, in a child JVM, loads and runs the shipped workloads against an embedded database. */
@Timeout(180)
class YcsbClientTest {
    @TempDir
    Path tmp;

    private String ycsb(String phase, String workload, int records, int ops) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>(List.of(java, "-cp", cp, "site.ycsb.Client", phase,
                "-db", CairnClient.class.getName(), "-P", Path.of("workloads", workload).toString(),
                "-p", "recordcount=" + records, "-p", "operationcount=" + ops, "-p", "cairn.dir=" + tmp.resolve("data"),
                "-p", "cairn.sync=false", "-threads", "4"));
        Path out = tmp.resolve(phase + ".out");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        try {
            assertTrue(p.waitFor(150, TimeUnit.SECONDS), "YCSB finished");
        } finally {
            p.destroyForcibly();
        }
        String text = Files.readString(out, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), text);
        return text;
    }

    @ParameterizedTest
    @ValueSource(strings = {"workloada", "workloade"})
    void loadThenRunReportsOnlySuccessfulOperations(String workload) throws Exception {
        String load = ycsb("-load", workload, 300, 300);
        assertTrue(load.contains("[INSERT], Return=OK, 300"), load);
        String run = ycsb("-t", workload, 300, 400);
        assertTrue(run.contains("[OVERALL], Throughput(ops/sec)"), run);
        String ok = workload.equals("workloada") ? "[READ], Return=OK," : "[SCAN], Return=OK,";
        assertTrue(run.contains(ok), run);
        assertFalse(run.contains("Return=ERROR") || run.contains("Return=NOT_FOUND") || run.contains("-FAILED]"), run);
        assertFalse(run.contains("cairn-ycsb:"), run);
    }
}
