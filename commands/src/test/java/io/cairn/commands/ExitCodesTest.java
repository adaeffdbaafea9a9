package io.cairn.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cairn.api.CairnException;
import io.cairn.api.ErrorCode;
import java.io.IOException;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ExitCodesTest {
    @Test
    void everyErrorCodeMapsToADocumentedExitCode() {
        Set<Integer> documented = new HashSet<>();
        for (ExitCodes.Code c : ExitCodes.describe()) {
            documented.add(c.code());
        }
        for (ErrorCode e : ErrorCode.values()) {
            int code = ExitCodes.of(new CairnException(e, "x"));
            assertEquals(true, documented.contains(code), e + " -> " + code);
        }
    }

    @Test
    void failuresMapToTheirCodes() {
        assertEquals(ExitCodes.CONFLICT, ExitCodes.of(new CairnException(ErrorCode.NOT_COMMITTED, "x")));
        assertEquals(ExitCodes.UNAVAILABLE, ExitCodes.of(new CairnException(ErrorCode.DATABASE_LOCKED, "x")));
        assertEquals(ExitCodes.UNAVAILABLE, ExitCodes.of(new CairnException(ErrorCode.TRANSACTION_TIMED_OUT, "x")));
        assertEquals(ExitCodes.IO_ERROR, ExitCodes.of(new IOException("x")));
        assertEquals(ExitCodes.USAGE, ExitCodes.of(new CairnException(ErrorCode.VALUE_TOO_LARGE, "x")));
        assertEquals(ExitCodes.GUARD_FAILED, ExitCodes.of(new CommandFailure(ExitCodes.GUARD_FAILED, "x")));
        assertEquals(ExitCodes.INTERNAL, ExitCodes.of(new IllegalStateException("x")));
    }
}
