package io.cairn.replication.meta;

import io.cairn.api.CairnException;
import io.cairn.api.ErrorCode;
import io.cairn.replication.partition.PartitionMap;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;

/** The binary form of {@link MetaCommand}s: a format byte, a command tag, the command's fields. */
final class CommandCodec {
    private CommandCodec() {}

    private static final byte INIT = 1;
    private static final byte CHANGE_MAP = 2;
    private static final byte ADD_NODE = 3;
    private static final byte REMOVE_NODE = 4;
    private static final byte RESERVE = 5;

    static byte[] encode(MetaCommand c0) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(MetaCommand.FORMAT);
            if (c0 instanceof MetaCommand.Init i) {
                out.writeByte(INIT);
                out.writeInt(i.nodes().size());
                for (Map.Entry<String, String> e : i.nodes().entrySet()) {
                    out.writeUTF(e.getKey());
                    out.writeUTF(e.getValue());
                }
            } else if (c0 instanceof MetaCommand.ChangeMap c) {
                out.writeByte(CHANGE_MAP);
                out.writeLong(c.expectedEpoch());
                byte[] map = c.newMap().encode();
                out.writeInt(map.length);
                out.write(map);
            } else if (c0 instanceof MetaCommand.AddNode a) {
                out.writeByte(ADD_NODE);
                out.writeUTF(a.name());
                out.writeUTF(a.clientAddress());
            } else if (c0 instanceof MetaCommand.RemoveNode r) {
                out.writeByte(REMOVE_NODE);
                out.writeUTF(r.name());
            } else if (c0 instanceof MetaCommand.ReserveTimestamps t) {
                out.writeByte(RESERVE);
                out.writeLong(t.limit());
            }
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory failed", e);
        }
        return bytes.toByteArray();
    }

    static MetaCommand decode(byte[] data) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            int format = in.readUnsignedByte();
            if (format != MetaCommand.FORMAT) {
                throw new IOException("unknown format " + format);
            }
            int tag = in.readUnsignedByte();
            MetaCommand c = switch (tag) {
                case INIT -> {
                    int n = in.readInt();
                    if (n < 1 || n > data.length) {
                        throw new IOException("bad node count " + n);
                    }
                    Map<String, String> nodes = new TreeMap<>();
                    for (int i = 0; i < n; i++) {
                        nodes.put(in.readUTF(), in.readUTF());
                    }
                    yield new MetaCommand.Init(nodes);
                }
                case CHANGE_MAP -> {
                    long expected = in.readLong();
                    int n = in.readInt();
                    if (n < 0 || n > data.length) {
                        throw new IOException("bad map length " + n);
                    }
                    byte[] map = in.readNBytes(n);
                    if (map.length != n) {
                        throw new java.io.EOFException("the map is cut short");
                    }
                    yield new MetaCommand.ChangeMap(expected, PartitionMap.decode(map));
                }
                case ADD_NODE -> new MetaCommand.AddNode(in.readUTF(), in.readUTF());
                case REMOVE_NODE -> new MetaCommand.RemoveNode(in.readUTF());
                case RESERVE -> new MetaCommand.ReserveTimestamps(in.readLong());
                default -> throw new IOException("unknown command " + tag);
            };
            if (in.available() > 0) {
                throw new IOException(in.available() + " bytes after the command");
            }
            return c;
        } catch (IOException | CairnException | IllegalArgumentException e) {
            throw new CairnException(ErrorCode.DATA_CORRUPT, "not a meta command: " + e.getMessage(), e);
        }
    }
}
