package io.cairn.cli;

import io.cairn.api.CairnException;
import io.cairn.api.ErrorCode;
import io.cairn.commands.CommandFailure;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The cluster file, {@code cairn.cluster}: one line {@code NAME@HOST:PORT,HOST:PORT,...} naming the
 * cluster and the client addresses of its nodes, like FoundationDB's {@code fdb.cluster}.
 *
 * <p>Where clients look, first match wins: the {@code cluster} setting (flag {@code --cluster},
 * variable {@code CAIRN_CLUSTER}, or a properties file), which holds either addresses or
 * {@code @PATH} of a cluster file; then {@code ./cairn.cluster}, {@code ~/.config/cairn/cairn.cluster}
 * and {@code /etc/cairn/cairn.cluster}.
 */
final class ClusterFile {
    /** The file's usual name. */
    static final String FILE_NAME = "cairn.cluster";

    /** A cluster's name and node addresses. */
    record Cluster(String name, List<String> addresses, String source) {}

    private ClusterFile() {}

    /** The configured cluster, or {@code null} when none is configured. */
    static Cluster find(String setting, Environment env) {
        if (setting != null && !setting.isBlank()) {
            if (setting.startsWith("@")) {
                return read(env.workingDirectory().resolve(setting.substring(1)));
            }
            return new Cluster("", parseAddresses(setting, "the cluster setting"), "the cluster setting");
        }
        for (Path p : List.of(env.workingDirectory().resolve(FILE_NAME),
                env.home().resolve(".config").resolve("cairn").resolve(FILE_NAME),
                env.systemConfigDirectory().resolve(FILE_NAME))) {
            if (Files.isRegularFile(p)) {
                return read(p);
            }
        }
        return null;
    }

    /** Reads and checks a cluster file. */
    static Cluster read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new CairnException(ErrorCode.IO_ERROR, "cannot read the cluster file " + file + ": " + e.getMessage(), e);
        }
        int at = text.indexOf('@');
        if (at < 0 || text.contains("\n")) {
            throw CommandFailure.usage("the cluster file " + file + " is not one line NAME@HOST:PORT,HOST:PORT,...");
        }
        return new Cluster(text.substring(0, at), parseAddresses(text.substring(at + 1), "the cluster file " + file),
                file.toString());
    }

    /** Parses {@code HOST:PORT,...}, naming {@code where} in errors. */
    static List<String> parseAddresses(String list, String where) {
        List<String> out = new ArrayList<>();
        for (String part : list.split(",")) {
            String a = part.strip();
            int colon = a.lastIndexOf(':');
            boolean ok = colon > 0;
            if (ok) {
                try {
                    int port = Integer.parseInt(a.substring(colon + 1));
                    ok = port > 0 && port < 65536;
                } catch (NumberFormatException e) {
                    ok = false;
                }
            }
            if (!ok) {
                throw CommandFailure.usage(where + ": '" + a + "' is not HOST:PORT");
            }
            out.add(a);
        }
        return out;
    }

    /** Writes a cluster file atomically; refuses to replace one unless {@code overwrite}. */
    static Path write(Path file, String name, List<String> addresses, boolean overwrite) {
        if (name.isEmpty() || name.contains("@") || name.contains(",")) {
            throw CommandFailure.usage("cluster name '" + name + "' must be non-empty, without @ or ,");
        }
        parseAddresses(String.join(",", addresses), "--nodes");
        if (Files.exists(file) && !overwrite) {
            throw CommandFailure.usage(file + " exists; pass --force to replace it");
        }
        try {
            Path abs = file.toAbsolutePath();
            Files.createDirectories(abs.getParent());
            Path tmp = abs.resolveSibling(abs.getFileName() + ".tmp");
            Files.writeString(tmp, name + "@" + String.join(",", addresses) + "\n", StandardCharsets.UTF_8);
            Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return abs;
        } catch (IOException e) {
            throw new CairnException(ErrorCode.IO_ERROR, "cannot write the cluster file " + file + ": " + e.getMessage(), e);
        }
    }
}
