package io.cairn.commands;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.api.CairnException;
import io.cairn.api.ErrorCode;
import io.cairn.commands.txn.TxnScript;
import org.junit.jupiter.api.Test;

class TxnScriptTest {
    @Test
    void parsesEveryOperationAndSkipsComments() {
        TxnScript s = TxnScript.parse("# batch\nif-absent a\nif-equal b 1\nif-present c\n\nput a \"x y\"\n"
                + "delete b\nclear-range c d\n", ByteFormat.ESCAPED);
        assertEquals(6, s.ops().size());
        assertEquals(TxnScript.Kind.IF_ABSENT, s.ops().get(0).kind());
        assertEquals(2, s.ops().get(0).line());
        assertArrayEquals("x y".getBytes(), s.ops().get(3).b());
        assertEquals(TxnScript.Kind.CLEAR_RANGE, s.ops().get(5).kind());
    }

    @Test
    void errorsNameTheLine() {
        CommandFailure f = assertThrows(CommandFailure.class,
                () -> TxnScript.parse("put a 1\nfrobnicate a\n", ByteFormat.ESCAPED));
        assertTrue(f.getMessage().startsWith("txn line 2: unknown operation 'frobnicate'"), f.getMessage());
        f = assertThrows(CommandFailure.class, () -> TxnScript.parse("put a\n", ByteFormat.ESCAPED));
        assertTrue(f.getMessage().contains("put takes 2 arguments, not 1"), f.getMessage());
        f = assertThrows(CommandFailure.class, () -> TxnScript.parse("put a\\x1 v\n", ByteFormat.ESCAPED));
        assertTrue(f.getMessage().contains("invalid escape"), f.getMessage());
        f = assertThrows(CommandFailure.class, () -> TxnScript.parse("clear-range b a\n", ByteFormat.ESCAPED));
        assertTrue(f.getMessage().contains("BEGIN sorts after END"), f.getMessage());
        assertThrows(CommandFailure.class, () -> TxnScript.parse("# nothing\n", ByteFormat.ESCAPED));
    }

    @Test
    void oversizeKeyIsRejectedBeforeRunning() {
        CairnException e = assertThrows(CairnException.class,
                () -> TxnScript.parse("put " + "k".repeat(10_001) + " v\n", ByteFormat.ESCAPED));
        assertEquals(ErrorCode.KEY_TOO_LARGE, e.error());
        assertEquals(ExitCodes.USAGE, ExitCodes.of(e));
    }
}
