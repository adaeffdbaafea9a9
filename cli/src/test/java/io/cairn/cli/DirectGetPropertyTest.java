package io.cairn.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Random command lines over the words the direct get path looks at give the same exit code and
 * output as picocli's parse of them. None of them writes, so one database serves every try.
 */
class DirectGetPropertyTest {
    private static Path dir;
    private static Harness h;

    @BeforeContainer
    static void createDatabase() throws Exception {
        dir = Files.createTempDirectory("direct-get");
        h = DirectGetTest.newHarness(dir);
    }

    @AfterContainer
    static void deleteDatabase() throws Exception {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Property(tries = 200)
    void randomCommandLinesAgree(@ForAll("commandLine") List<String> args) {
        DirectGetTest.assertAgree(h, args.toArray(new String[0]));
    }

    @Provide
    Arbitrary<List<String>> commandLine() {
        return Arbitraries.of("get", "get", "k", "missing", "6b", "aw==", "bad\\x", "-o", "--output", "--output=json",
                "json", "raw", "text", "-d", "--data-dir=d", "--hex", "--base64", "--tls", "--timeout", "1s",
                "--consistency", "serializable", "--", "-h", "-V", "@f", "-x", "", "ged", "help")
                .list().ofMinSize(1).ofMaxSize(6);
    }
}
