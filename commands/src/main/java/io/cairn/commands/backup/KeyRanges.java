package io.cairn.commands.backup;

import io.cairn.api.Bytes;
import io.cairn.api.Range;
import io.cairn.commands.CommandContext;
import io.cairn.commands.CommandFailure;
import java.util.ArrayList;
import java.util.List;

/** Parses {@code --range BEGIN END} options in the byte format in effect. Thread-safe (stateless). */
final class KeyRanges {
    private KeyRanges() {}

    /**
     * The ranges in {@code flat} (begin, end, begin, end, ...), each {@code [BEGIN, END)}.
     *
     * @throws CommandFailure a usage error naming a range whose begin sorts after its end
     */
    static List<Range> parse(CommandContext ctx, List<String> flat) {
        List<Range> out = new ArrayList<>();
        if (flat == null) {
            return out;
        }
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            byte[] b = ctx.byteFormat().parse(flat.get(i), "range BEGIN");
            byte[] e = ctx.byteFormat().parse(flat.get(i + 1), "range END");
            if (Bytes.compare(b, e) >= 0) {
                throw CommandFailure.usage("range BEGIN '" + flat.get(i) + "' must sort before END '" + flat.get(i + 1)
                        + "'; a range is [BEGIN, END)");
            }
            out.add(new Range(b, e));
        }
        return out;
    }
}
