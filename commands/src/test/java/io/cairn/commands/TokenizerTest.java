package io.cairn.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TokenizerTest {
    @Test
    void wordsKeepBackslashesAndHonourQuotes() {
        assertEquals(List.of("put", "a\\x00", "hello world", "x;y"), Tokenizer.words("put a\\x00 \"hello world\" 'x;y'"));
        assertEquals(List.of("a", ""), Tokenizer.words("a \"\""));
    }

    @Test
    void unclosedQuoteIsAUsageError() {
        CommandFailure f = assertThrows(CommandFailure.class, () -> Tokenizer.words("put a \"b"));
        assertEquals(ExitCodes.USAGE, f.exitCode());
        assertTrue(Tokenizer.isOpenQuote("put a \"b"));
    }

    @Test
    void statementsSplitAtSemicolonsAndLinesOutsideQuotes() {
        assertEquals(List.of("put a 1", "get \"a;b\"", "scan"),
                Tokenizer.statements("put a 1; get \"a;b\"\n# a comment\n\n scan ;"));
    }
}
