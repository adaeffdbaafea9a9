package io.cairn.cli.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.cli.CliContext;
import io.cairn.cli.CommandLineFactory;
import io.cairn.cli.Environment;
import io.cairn.cli.Io;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.AutoComplete;
import picocli.CommandLine;

/**
 * Generates the completion scripts (completions/) and man pages (man/) from the command tree and
 * fails when the committed ones differ. Run with {@code -Dcairn.updateGenerated=true} to rewrite them:
 * {@code mvn -B -pl cli -am verify -Dtest=GeneratedFilesTest -Dsurefire.failIfNoSpecifiedTests=false -Dcairn.updateGenerated=true}.
 */
@Timeout(60)
class GeneratedFilesTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    static Map<Path, String> generate() {
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        Environment env = new Environment(Map.of(), Path.of("/nonexistent-home"), Path.of("/nonexistent-work"),
                Path.of("/nonexistent-etc"));
        CliContext ctx = new CliContext(new Io(new ByteArrayInputStream(new byte[0]), quiet, quiet, false), env,
                (s, e) -> {
                    throw new IllegalStateException("generating files opens no database");
                });
        CommandLine cl = CommandLineFactory.create(ctx);
        Map<Path, String> files = new LinkedHashMap<>();
        files.put(ROOT.resolve("completions/cairn.bash"), AutoComplete.bash("cairn", cl));
        files.put(ROOT.resolve("completions/_cairn"), ZshCompletion.script(cl));
        String version = cl.getCommandSpec().version()[0].replace("cairn ", "");
        new ManPages(version).pages(cl).forEach((name, text) -> files.put(ROOT.resolve("man").resolve(name), text));
        return files;
    }

    @Test
    void committedCompletionsAndManPagesAreUpToDate() throws IOException {
        Map<Path, String> files = generate();
        boolean update = Boolean.getBoolean("cairn.updateGenerated");
        List<String> stale = new ArrayList<>();
        for (Map.Entry<Path, String> e : files.entrySet()) {
            Path p = e.getKey();
            String now = Files.exists(p) ? Files.readString(p, StandardCharsets.UTF_8) : null;
            if (!e.getValue().equals(now)) {
                if (update) {
                    Files.createDirectories(p.getParent());
                    Files.writeString(p, e.getValue(), StandardCharsets.UTF_8);
                } else {
                    stale.add(ROOT.relativize(p).toString());
                }
            }
        }
        try (Stream<Path> pages = Files.exists(ROOT.resolve("man")) ? Files.list(ROOT.resolve("man")) : Stream.empty()) {
            for (Path p : (Iterable<Path>) pages::iterator) {
                if (!files.containsKey(p)) {
                    if (update) {
                        Files.delete(p);
                    } else {
                        stale.add(ROOT.relativize(p) + " (no such command any more)");
                    }
                }
            }
        }
        assertEquals(List.of(), stale, "generated files are stale; rerun this test with -Dcairn.updateGenerated=true "
                + "(see the class javadoc) and commit completions/ and man/");
    }

    @Test
    void manPagesNameEveryCommandAndExitCode() {
        Map<Path, String> files = generate();
        String root = files.get(ROOT.resolve("man/cairn.1"));
        assertTrue(root.contains(".SH EXIT STATUS"), root);
        assertTrue(root.contains("guard\\-failed"), root);
        for (String cmd : List.of("get", "put", "delete", "scan", "clear-range", "txn", "status", "config-show", "shell")) {
            assertTrue(files.containsKey(ROOT.resolve("man/cairn-" + cmd + ".1")), cmd);
        }
        assertTrue(files.get(ROOT.resolve("completions/cairn.bash")).contains("clear-range"));
        assertTrue(files.get(ROOT.resolve("completions/_cairn")).contains("'--limit=[Print at most N pairs"));
    }
}
