/**
 * The tuple encoding: {@link io.cairn.api.tuple.Tuple} packs a list of typed elements into a key
 * whose unsigned byte order ({@link io.cairn.api.Bytes#compare}) is the natural order of the
 * tuples, so composite keys such as {@code ("user", 42, "email")} sort and range-scan as
 * expected.
 *
 * <h2>Order</h2>
 * Tuples compare element by element; a tuple sorts before every tuple that extends it. Elements of
 * different types compare by type, in this fixed order:
 * <ol>
 *   <li>null;</li>
 *   <li>byte strings, as unsigned bytes, shorter first on a common prefix;</li>
 *   <li>strings, by Unicode code point (the order of their UTF-8 bytes; this differs from
 *       {@link java.lang.String#compareTo} between characters above U+E000 and supplementary
 *       characters);</li>
 *   <li>nested tuples, by these same rules;</li>
 *   <li>integers, numerically, whether {@code long} or {@code BigInteger};</li>
 *   <li>floats, as {@link java.lang.Float#compare} orders them: {@code -Infinity < ... < -0.0 <
 *       0.0 < ... < Infinity < NaN};</li>
 *   <li>doubles, as {@link java.lang.Double#compare} orders them;</li>
 *   <li>booleans, false before true;</li>
 *   <li>UUIDs, by their sixteen bytes as unsigned (not {@link java.util.UUID#compareTo}, which
 *       compares signed halves).</li>
 * </ol>
 * Floats and doubles are distinct types: every float sorts before every double.
 *
 * <h2>Layout</h2>
 * Each element is a type code followed by its payload. The codes are those of FoundationDB's
 * tuple layer, so the layout reads the same to people who know it.
 * <table>
 *   <caption>Element encodings</caption>
 *   <tr><th>code</th><th>element</th><th>payload</th></tr>
 *   <tr><td>{@code 0x00}</td><td>null</td><td>none at top level; inside a nested tuple
 *       {@code 0xFF} follows, because a bare {@code 0x00} ends the nested tuple</td></tr>
 *   <tr><td>{@code 0x01}</td><td>byte string</td><td>the bytes with each {@code 0x00} written as
 *       {@code 0x00 0xFF}, then a terminating {@code 0x00}</td></tr>
 *   <tr><td>{@code 0x02}</td><td>string</td><td>its UTF-8 bytes, escaped and terminated as for a
 *       byte string</td></tr>
 *   <tr><td>{@code 0x05}</td><td>nested tuple</td><td>its elements, then a terminating
 *       {@code 0x00}</td></tr>
 *   <tr><td>{@code 0x0B}</td><td>integer &le; -2<sup>64</sup></td><td>magnitude length n (9 to
 *       255) XOR {@code 0xFF}, then the n magnitude bytes, big-endian, each inverted</td></tr>
 *   <tr><td>{@code 0x0C}&ndash;{@code 0x13}</td><td>negative integer of n = {@code 0x14 - code}
 *       magnitude bytes</td><td>the n magnitude bytes, big-endian, each inverted</td></tr>
 *   <tr><td>{@code 0x14}</td><td>zero</td><td>none</td></tr>
 *   <tr><td>{@code 0x15}&ndash;{@code 0x1C}</td><td>positive integer of n = {@code code - 0x14}
 *       magnitude bytes</td><td>the n magnitude bytes, big-endian</td></tr>
 *   <tr><td>{@code 0x1D}</td><td>integer &ge; 2<sup>64</sup></td><td>magnitude length n (9 to
 *       255), then the n magnitude bytes, big-endian</td></tr>
 *   <tr><td>{@code 0x20}</td><td>float</td><td>4 bytes: the IEEE bits, big-endian, with every bit
 *       inverted if the sign bit is set and only the sign bit inverted otherwise</td></tr>
 *   <tr><td>{@code 0x21}</td><td>double</td><td>8 bytes, transformed as for a float</td></tr>
 *   <tr><td>{@code 0x26}, {@code 0x27}</td><td>false, true</td><td>none</td></tr>
 *   <tr><td>{@code 0x30}</td><td>UUID</td><td>16 bytes: most then least significant half,
 *       big-endian</td></tr>
 * </table>
 * Integers always use the fewest magnitude bytes (no leading zero byte) and NaN is always the
 * canonical NaN, so each tuple has exactly one packing; {@link io.cairn.api.tuple.Tuple#fromBytes}
 * rejects any other bytes with {@link io.cairn.api.ErrorCode#INVALID_ARGUMENT} naming the offset
 * of the offending element. No packed tuple starts with {@code 0xFF}, so packed tuples are always
 * user keys.
 */
package io.cairn.api.tuple;
