package io.cairn.commands.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.api.KeyValue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The bank invariant check on hand-made states. */
class BankCheckTest {
    private static List<KeyValue> accounts(long... balances) {
        List<KeyValue> state = new ArrayList<>();
        for (int i = 0; i < balances.length; i++) {
            state.add(new KeyValue(("bench/bank/" + i).getBytes(StandardCharsets.US_ASCII),
                    Operations.Bank.encode(balances[i])));
        }
        return state;
    }

    @Test
    void intactBankPasses() {
        assertEquals(List.of(), Operations.Bank.check(accounts(1_000, 1_000, 1_000), 3));
        assertEquals(List.of(), Operations.Bank.check(accounts(0, 2_500, 500), 3), "transfers keep the total");
    }

    @Test
    void moneyCreatedOrLostIsReported() {
        List<String> p = Operations.Bank.check(accounts(1_000, 1_001, 1_000), 3);
        assertEquals(List.of("the balances add up to 3001, expected 3000 (3 accounts of 1000)"), p);
        assertEquals(1, Operations.Bank.check(accounts(900, 1_000, 1_000), 3).size(), "a lost write");
    }

    @Test
    void overdraftMissingAccountAndGarbageAreReported() {
        List<String> over = Operations.Bank.check(accounts(-5, 2_005, 1_000), 3);
        assertEquals(List.of("account bench/bank/0 is overdrawn: -5"), over);
        List<String> missing = Operations.Bank.check(accounts(1_500, 1_500), 3);
        assertTrue(missing.contains("found 2 accounts, expected 3"), missing.toString());
        List<KeyValue> garbage = accounts(1_000, 1_000);
        garbage.add(new KeyValue("bench/bank/2".getBytes(StandardCharsets.US_ASCII), new byte[] {1}));
        assertTrue(Operations.Bank.check(garbage, 3).get(0).contains("holds 1 bytes, not an 8-byte balance"));
    }

    @Test
    void balancesRoundTrip() {
        assertEquals(1_234_567_890_123L, Operations.Bank.balance(Operations.Bank.encode(1_234_567_890_123L)));
        assertEquals(0, Operations.Bank.balance(null));
    }
}
