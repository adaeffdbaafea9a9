package io.cairn.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Progress is a redrawn bar with rate and ETA on a terminal, plain timestamped lines elsewhere. */
class ProgressDisplayTest {
    private final ByteArrayOutputStream buf = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(buf, true, StandardCharsets.UTF_8);
    private final AtomicLong nanos = new AtomicLong();

    private String run(boolean terminal) {
        ProgressDisplay p = new ProgressDisplay(out, terminal, 10, nanos::get);
        p.begin("backup", 100L << 20);
        nanos.addAndGet(5_000_000_000L);
        p.advance(25L << 20);
        nanos.addAndGet(5_000_000_000L);
        p.advance(25L << 20);
        p.end();
        return buf.toString(StandardCharsets.UTF_8);
    }

    @Test
    void terminalShowsBarRateAndEta() {
        String s = run(true);
        assertTrue(s.contains("\r"), s);
        assertTrue(s.contains("[=======") && s.contains("25%") && s.contains("5.0 MiB/s") && s.contains("ETA 15s"), s);
        assertTrue(s.endsWith("\n"));
    }

    @Test
    void elsewhereWritesTimestampedLinesOnly() {
        String s = run(false);
        assertFalse(s.contains("\r") || s.contains("\033"), s);
        String[] lines = s.split("\n");
        assertEquals(3, lines.length, s);
        for (String line : lines) {
            assertTrue(line.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ backup.*"), line);
        }
        assertTrue(lines[1].contains("ETA"), lines[1]);
        assertTrue(lines[2].contains("done") && lines[2].contains("50.0 MiB"), lines[2]);
    }
}
