package io.cairn.cli;

import io.cairn.commands.ByteFormat;
import io.cairn.commands.CommandContext;
import io.cairn.commands.CommandFailure;
import io.cairn.commands.Durations;
import io.cairn.commands.OutputFormat;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.configuration2.PropertiesConfiguration;

/**
 * The effective configuration of cairn, in layers from lowest to highest: built-in defaults,
 * {@code /etc/cairn/cairn.properties}, the user's {@code ~/.config/cairn/cairn.properties},
 * {@code ./cairn.properties}, environment variables {@code CAIRN_*}, and command-line flags.
 *
 * <p>Every value is checked when loaded; a malformed line, an unknown key or a bad value is an
 * error naming the file and line. Immutable and thread-safe.
 */
public final class Settings {
    /** The name of configuration files. */
    public static final String FILE_NAME = "cairn.properties";
    /** Where the embedded database lives unless configured: relative to the working directory. */
    public static final String DEFAULT_DATA_DIR = "cairn-data";
    /** Keys with this prefix pass through to the storage backend, e.g. {@code backend-option.cache-size}. */
    public static final String BACKEND_OPTION = "backend-option.";
    /** Environment variables with this prefix are read as settings. */
    static final String ENV_PREFIX = "CAIRN_";
    /** Environment variables of the launcher script, not settings. */
    static final List<String> ENV_IGNORED = List.of("CAIRN_JAVA_OPTS");

    /** The known keys, their defaults and what they mean, in display order. */
    static final Map<String, String[]> KEYS = keys();

    private final Map<String, Value> values;
    private final List<String> warnings;

    private record Value(String value, String source) {}

    private Settings(Map<String, Value> values, List<String> warnings) {
        this.values = values;
        this.warnings = warnings;
    }

    private static Map<String, String[]> keys() {
        Map<String, String[]> k = new LinkedHashMap<>();
        k.put("data-dir", new String[] {DEFAULT_DATA_DIR, "directory of the embedded database"});
        k.put("backend", new String[] {"leveldb", "storage backend of the embedded database (see cairn backends)"});
        k.put("output", new String[] {"text", "output format: text, json or raw"});
        k.put("bytes", new String[] {"escaped", "how keys and values are written: escaped, hex or base64"});
        k.put("timeout", new String[] {"30s", "how long one command may wait; 0 for no bound"});
        k.put("sync", new String[] {"true", "whether each commit is flushed to disk before it is acknowledged"});
        k.put("mvcc-window", new String[] {"5s", "how far back transactions may read"});
        k.put("history-file", new String[] {"~/.cairn_history", "where the shell keeps its history"});
        k.put("cluster", new String[] {"", "cluster node addresses HOST:PORT,... or @FILE; empty: a cairn.cluster file if one"
                + " is found, else the embedded database"});
        k.put("consistency", new String[] {"linearizable", "reads against a cluster: linearizable or serializable"});
        k.put("tls", new String[] {"false", "whether clients reach the cluster over TLS (implied by tls-ca)"});
        k.put("tls-ca", new String[] {"", "PEM file of the certificates that sign the nodes' certificates; empty: the"
                + " JDK's trust store"});
        return k;
    }

    /**
     * Loads every layer below the command line.
     *
     * @throws CommandFailure with exit code 2 naming the file and line of the first error
     */
    public static Settings load(Environment env) {
        Map<String, Value> values = new LinkedHashMap<>();
        for (Map.Entry<String, String[]> e : KEYS.entrySet()) {
            values.put(e.getKey(), new Value(e.getValue()[0], "default"));
        }
        List<String> warnings = new ArrayList<>();
        for (Path file : List.of(env.systemConfigDirectory().resolve(FILE_NAME), env.userConfigFile(),
                env.workingDirectory().resolve(FILE_NAME))) {
            if (Files.isRegularFile(file)) {
                readFile(file, values);
            }
        }
        Map<String, String> sorted = new TreeMap<>(env.variables());
        for (Map.Entry<String, String> e : sorted.entrySet()) {
            String name = e.getKey();
            if (!name.startsWith(ENV_PREFIX) || ENV_IGNORED.contains(name)) {
                continue;
            }
            String key = envKey(name);
            if (key == null) {
                warnings.add("ignoring environment variable " + name + ": cairn has no setting '"
                        + name.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '-') + "'");
                continue;
            }
            put(values, key, e.getValue(), "environment " + name);
        }
        return new Settings(values, warnings);
    }

    /** The setting an environment variable stands for, or null when none. */
    static String envKey(String name) {
        String rest = name.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT);
        if (rest.startsWith("backend_option_") && rest.length() > "backend_option_".length()) {
            return BACKEND_OPTION + rest.substring("backend_option_".length()).replace('_', '-');
        }
        String key = rest.replace('_', '-');
        return KEYS.containsKey(key) ? key : null;
    }

    private static void readFile(Path file, Map<String, Value> values) {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                PropertiesConfiguration.PropertiesReader in = new PropertiesConfiguration.PropertiesReader(r)) {
            while (true) {
                boolean more;
                try {
                    more = in.nextProperty();
                } catch (IllegalArgumentException e) {
                    throw CommandFailure.usage(file + ":" + (in.getLineNumber()) + ": malformed line: " + e.getMessage());
                }
                if (!more) {
                    break;
                }
                String where = file + ":" + in.getLineNumber();
                String key = in.getPropertyName().strip();
                if (in.getPropertySeparator() == null || in.getPropertySeparator().isEmpty()) {
                    throw CommandFailure.usage(where + ": malformed line '" + key + "': expected key=value");
                }
                if (!KEYS.containsKey(key) && !isBackendOption(key)) {
                    throw CommandFailure.usage(where + ": unknown key '" + key + "'" + suggestion(key)
                            + "; known keys: " + String.join(", ", KEYS.keySet()) + ", " + BACKEND_OPTION + "NAME");
                }
                try {
                    put(values, key, in.getPropertyValue().strip(), where);
                } catch (CommandFailure e) {
                    throw CommandFailure.usage(where + ": " + e.getMessage());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read configuration file " + file + ": " + e.getMessage(), e);
        }
    }

    private static boolean isBackendOption(String key) {
        return key.startsWith(BACKEND_OPTION) && key.length() > BACKEND_OPTION.length();
    }

    private static String suggestion(String key) {
        String best = Errors.closest(key, new ArrayList<>(KEYS.keySet()));
        return best == null ? "" : " (did you mean '" + best + "'?)";
    }

    private static void put(Map<String, Value> values, String key, String value, String source) {
        validate(key, value);
        values.put(key, new Value(value, source));
    }

    /** Checks that {@code value} is valid for {@code key}; throws a usage failure naming both. */
    static void validate(String key, String value) {
        switch (key) {
            case "output" -> OutputFormat.parse(value);
            case "bytes" -> byteFormat(value);
            case "timeout", "mvcc-window" -> Durations.parse(value, key);
            case "sync", "tls" -> bool(value, key);
            case "consistency" -> consistency(value);
            case "cluster" -> {
                if (!value.isBlank() && !value.startsWith("@")) {
                    ClusterFile.parseAddresses(value, "cluster");
                }
            }
            case "data-dir", "backend", "history-file" -> {
                if (value.isBlank()) {
                    throw CommandFailure.usage(key + " must not be empty");
                }
            }
            default -> {
                // Backend options are checked by the backend when it opens.
            }
        }
    }

    /** Parses a consistency level: linearizable or serializable. */
    static io.cairn.client.protocol.Messages.Consistency consistency(String value) {
        return switch (value) {
            case "linearizable" -> io.cairn.client.protocol.Messages.Consistency.LINEARIZABLE;
            case "serializable" -> io.cairn.client.protocol.Messages.Consistency.SERIALIZABLE;
            default -> throw CommandFailure.usage("consistency must be linearizable or serializable, not '" + value + "'");
        };
    }

    /** A copy with {@code flags} (key to value, from the command line) as the highest layer. */
    public Settings withFlags(Map<String, String> flags) {
        if (flags.isEmpty()) {
            return this;
        }
        Map<String, Value> v = new LinkedHashMap<>(values);
        for (Map.Entry<String, String> e : flags.entrySet()) {
            validate(e.getKey(), e.getValue());
            v.put(e.getKey(), new Value(e.getValue(), "command line"));
        }
        return new Settings(v, warnings);
    }

    /** The effective value of {@code key}, or null for an unset backend option. */
    public String get(String key) {
        Value v = values.get(key);
        return v == null ? null : v.value;
    }

    /** Warnings found while loading, such as unknown {@code CAIRN_*} variables. */
    public List<String> warnings() {
        return warnings;
    }

    /** Every effective setting with its source, known keys first, then backend options by name. */
    public List<CommandContext.Setting> effective() {
        List<CommandContext.Setting> out = new ArrayList<>();
        Map<String, Value> backend = new TreeMap<>();
        for (Map.Entry<String, Value> e : values.entrySet()) {
            if (KEYS.containsKey(e.getKey())) {
                out.add(new CommandContext.Setting(e.getKey(), e.getValue().value, e.getValue().source));
            } else {
                backend.put(e.getKey(), e.getValue());
            }
        }
        backend.forEach((k, v) -> out.add(new CommandContext.Setting(k, v.value, v.source)));
        return out;
    }

    /** The backend options: keys without the {@link #BACKEND_OPTION} prefix. */
    public Map<String, String> backendOptions() {
        Map<String, String> m = new TreeMap<>();
        values.forEach((k, v) -> {
            if (isBackendOption(k)) {
                m.put(k.substring(BACKEND_OPTION.length()), v.value);
            }
        });
        return m;
    }

    /** The output format. */
    public OutputFormat output() {
        return OutputFormat.parse(get("output"));
    }

    /** The byte format of keys and values. */
    public ByteFormat bytes() {
        return byteFormat(get("bytes"));
    }

    /** The timeout of one command; zero for none. */
    public Duration timeout() {
        return Durations.parse(get("timeout"), "timeout");
    }

    /** The MVCC window. */
    public Duration mvccWindow() {
        return Durations.parse(get("mvcc-window"), "mvcc-window");
    }

    /** Whether commits are flushed to disk before they are acknowledged. */
    public boolean sync() {
        return bool(get("sync"), "sync");
    }

    /**
     * The TLS context for reaching a cluster, or {@code null} when TLS is off.
     *
     * @throws io.cairn.api.CairnException naming the CA file when it cannot be used
     */
    public javax.net.ssl.SSLContext clientTls(Environment env) {
        String ca = get("tls-ca");
        if (ca.isBlank() && !bool(get("tls"), "tls")) {
            return null;
        }
        return io.cairn.client.Tls.client(ca.isBlank() ? null : path(ca, env));
    }

    /** The data directory, resolved against {@code env}'s working directory, {@code ~} expanded. */
    public Path dataDir(Environment env) {
        return path(get("data-dir"), env);
    }

    /** The shell history file, {@code ~} expanded. */
    public Path historyFile(Environment env) {
        return path(get("history-file"), env);
    }

    private static Path path(String p, Environment env) {
        if (p.equals("~") || p.startsWith("~/")) {
            return env.home().resolve(p.substring(Math.min(2, p.length())));
        }
        return env.workingDirectory().resolve(p).normalize();
    }

    static ByteFormat byteFormat(String s) {
        return switch (s.trim().toLowerCase(Locale.ROOT)) {
            case "escaped" -> ByteFormat.ESCAPED;
            case "hex" -> ByteFormat.HEX;
            case "base64" -> ByteFormat.BASE64;
            default -> throw CommandFailure.usage("unknown byte format '" + s + "'; use escaped, hex or base64");
        };
    }

    private static boolean bool(String s, String key) {
        return switch (s.trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw CommandFailure.usage(key + " must be true or false, not '" + s + "'");
        };
    }
}
