package io.cairn.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The direct path of {@code cairn get} (no picocli tree) against picocli's parse of the same
 * command line: same exit code, same bytes on stdout and stderr, whichever path takes it.
 */
class DirectGetTest {
    @TempDir
    Path tmp;
    Harness h;

    @BeforeEach
    void setUp() {
        h = newHarness(tmp);
    }

    static Harness newHarness(Path dir) {
        Harness h = new Harness(dir);
        for (String[] kv : new String[][] {{"k", "v"}, {"get", "the get key"}, {"bin\\x00", "\\xff\\x00a"},
                {"\\x80", "hi"}}) {
            Harness.Result r = h.run("put", kv[0], kv[1]);
            assertEquals(0, r.code(), r.err());
        }
        return h;
    }

    static List<List<String>> commandLines() {
        String huge = "x".repeat(io.cairn.api.Limits.MAX_KEY_SIZE + 1);
        return List.of(
                List.of("get", "k"), List.of("get", "missing"), List.of("get", "get"), List.of("get", "bin\\x00"),
                List.of("-o", "json", "get", "k"), List.of("get", "k", "-o", "json"), List.of("get", "-o", "raw", "k"),
                List.of("--output=json", "get", "k"), List.of("get", "--output=raw", "bin\\x00"),
                List.of("-o", "json", "get", "missing"), List.of("-o", "json", "get", "\\x80"),
                List.of("--hex", "get", "6b"), List.of("get", "--base64", "aw=="), List.of("get", "--hex", "zz"),
                List.of("--hex", "--base64", "get", "k"), List.of("get", "bad\\x"), List.of("get", "\\xff"),
                List.of("get", huge), List.of("-o", "yaml", "get", "k"), List.of("--timeout", "5s", "get", "k"),
                List.of("--timeout", "soon", "get", "k"), List.of("get", "k", "--timeout=0"),
                List.of("--consistency", "serializable", "get", "k"), List.of("--consistency", "bogus", "get", "k"),
                List.of("-d", "get", "get", "k"), List.of("--data-dir", "other", "--backend", "memory", "get", "k"),
                List.of("--tls", "get", "k"), List.of("--tls-ca", "ca.pem", "get", "k"),
                // Shapes the direct path leaves to picocli: their messages are picocli's.
                List.of("get"), List.of("get", "k", "extra"), List.of("get", "--", "k"), List.of("get", "-h"),
                List.of("get", "--help"), List.of("--version", "get", "k"), List.of("get", "@args"),
                List.of("-o", "json", "-o", "text", "get", "k"), List.of("--hex", "--hex", "get", "6b"),
                List.of("-ojson", "get", "k"), List.of("--output=", "get", "k"), List.of("-o"), List.of("get", "-o"),
                List.of("--bogus", "get", "k"), List.of("get", "k", "--bogus"), List.of("ged", "k"),
                List.of("get", "-k"), List.of("get", ""), List.of("--exec", "get k", "get", "k"),
                List.of("-o", "-x", "get", "k"), List.of("--output=@f", "get", "k"), List.of("GET", "k"));
    }

    @ParameterizedTest
    @MethodSource("commandLines")
    void directPathAndPicocliAgree(List<String> args) {
        assertSame(args.toArray(new String[0]));
    }

    @Test
    void plainGetsTakeTheDirectPathAndEverythingElseDoesNot() {
        assertNotNull(direct("get", "k"));
        assertNotNull(direct("-o", "json", "--data-dir=d", "get", "--hex", "6b", "--timeout", "1s"));
        assertNotNull(direct("get", "missing"));
        for (String[] other : new String[][] {{"get"}, {"get", "--", "k"}, {"get", "-h"}, {"put", "k", "v"},
                {"get", "k", "k"}, {"-o", "json", "-o", "raw", "get", "k"}, {"get", "@f"}, {"-ojson", "get", "k"}}) {
            assertNull(direct(other), String.join(" ", other));
        }
    }

    @Test
    void tracingPicocliSendsEveryCommandLineToPicocli() {
        System.setProperty("picocli.trace", "OFF");
        try {
            assertNull(direct("get", "k"));
        } finally {
            System.clearProperty("picocli.trace");
        }
        assertNotNull(direct("get", "k"));
    }

    private Integer direct(String... args) {
        Io io = new Io(new ByteArrayInputStream(new byte[0]), new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(new ByteArrayOutputStream()), false);
        try (CliContext ctx = new CliContext(io, h.environment(), h.opener())) {
            return DirectGet.run(ctx, args);
        }
    }

    private void assertSame(String... args) {
        assertAgree(h, args);
    }

    /** Asserts that {@code args} give the same exit code and output with and without the direct path. */
    static void assertAgree(Harness h, String... args) {
        Harness.Result direct = h.run(args);
        Harness.Result picocli = h.runThroughPicocli(args);
        String line = String.join(" ", args);
        assertEquals(picocli.code(), direct.code(), line);
        assertArrayEquals(picocli.outBytes(), direct.outBytes(), line + ": " + direct.out());
        assertEquals(picocli.err(), direct.err(), line);
    }
}
