package io.cairn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jline.reader.Candidate;
import org.jline.reader.Parser;
import org.jline.reader.impl.DefaultParser;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

@Timeout(60)
class ShellCompleterTest {
    @TempDir
    Path tmp;
    CliContext ctx;
    ShellCompleter completer;
    Harness h;

    @BeforeEach
    void setUp() {
        h = new Harness(tmp);
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        ctx = new CliContext(new Io(new ByteArrayInputStream(new byte[0]), quiet, quiet, true), h.environment(), h.opener());
        CommandLine cl = CommandLineFactory.create(ctx);
        completer = new ShellCompleter(cl, ctx);
    }

    private List<String> complete(String line) {
        DefaultParser parser = new DefaultParser();
        parser.setEscapeChars(new char[0]);
        List<Candidate> out = new ArrayList<>();
        completer.complete(null, parser.parse(line, line.length(), Parser.ParseContext.COMPLETE), out);
        List<String> values = new ArrayList<>();
        for (Candidate c : out) {
            values.add(c.value());
        }
        return values;
    }

    @Test
    void completesCommandsOptionsAndOptionValues() {
        List<String> first = complete("sc");
        assertTrue(first.containsAll(List.of("scan", "get", "put", "clear-range", "begin", "exit")), first.toString());
        assertTrue(complete("scan --li").contains("--limit"));
        assertTrue(complete("scan --li").contains("--output"), "inherited options too");
        assertEquals(List.of("text", "json", "raw"), complete("get k -o "));
        assertTrue(complete("get k --backend ").contains("memory"));
        assertEquals(List.of("show"), complete("config "));
        List<String> help = complete("help ");
        assertTrue(help.contains("exit-codes") && help.contains("txn"), help.toString());
    }

    @Test
    void completesRecentKeysWhereAKeyGoes() {
        ctx.session().rememberKey("user/1".getBytes(StandardCharsets.UTF_8));
        ctx.session().rememberKey(new byte[] {'b', 0});
        assertEquals(List.of("user/1", "b\\x00"), complete("get u"));
        assertEquals(List.of("user/1", "b\\x00"), complete("scan --prefix "));
        assertEquals(List.of("user/1", "b\\x00"), complete("clear-range a "));
        assertFalse(complete("put k ").contains("user/1"), "a value is not a key");
    }

    @Test
    void completesKeyspaceNamesTheSessionHasSeen() {
        CommandLine cl = CommandLineFactory.create(ctx);
        assertEquals(0, cl.execute("keyspace", "create", "orders", "--partition-by", "hash", "--buckets", "2"));
        assertEquals(0, cl.execute("keyspace", "create", "geo", "--partition-by", "range"));
        assertEquals(List.of("geo", "orders"), complete("scan --keyspace "));
        assertEquals(List.of("geo", "orders"), complete("get -k "));
        assertEquals(List.of("geo", "orders"), complete("keyspace show "));
        assertEquals(0, cl.execute("keyspace", "drop", "geo", "--yes"));
        assertEquals(List.of("orders"), complete("keyspace drop "));
        assertEquals(List.of("create", "list", "show", "drop"), complete("keyspace "));
    }

    @Test
    void completesAKeyspaceCreatedElsewhereOnceACommandUsedIt() {
        assertEquals(0, h.run("keyspace", "create", "remote", "--partition-by", "range").code());
        assertEquals(List.of(), complete("scan -k "), "this session has not seen it yet");
        assertEquals(0, CommandLineFactory.create(ctx).execute("put", "-k", "remote", "k", "v"));
        assertEquals(List.of("remote"), complete("scan -k "));
    }
}
