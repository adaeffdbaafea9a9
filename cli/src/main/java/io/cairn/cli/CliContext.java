package io.cairn.cli;

import io.cairn.api.Database;
import io.cairn.api.Transaction;
import io.cairn.commands.ByteFormat;
import io.cairn.commands.Cancellation;
import io.cairn.commands.CommandContext;
import io.cairn.commands.OutputFormat;
import io.cairn.commands.Session;
import io.cairn.storage.StorageEngineProvider;
import io.cairn.storage.StorageEngines;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The command line's {@link CommandContext}: settings loaded on first use, the database opened on
 * first use, the streams, and the session of the shell or script that runs.
 *
 * <p>Not thread-safe, except {@link #cancellation()}.
 */
public final class CliContext implements CommandContext, io.cairn.commands.cluster.ClusterControl.Provider, AutoCloseable {
    private final Environment env;
    private final DatabaseOpener opener;
    private final Cancellation cancellation = new Cancellation();
    private Io io;
    private Settings loaded;
    private Map<String, String> launchFlags = Map.of();
    private Map<String, String> flags = Map.of();
    private Session session = new Session(false);
    private DatabaseOpener.Opened opened;
    private Predicate<String> confirmer;

    /** A context reading settings from {@code env} and opening the database with {@code opener}. */
    public CliContext(Io io, Environment env, DatabaseOpener opener) {
        this.io = io;
        this.env = env;
        this.opener = opener;
    }

    /** The environment settings are read from. */
    public Environment environment() {
        return env;
    }

    /** The streams in use. */
    public Io io() {
        return io;
    }

    /** Replaces the streams, as the shell does to write through its terminal. */
    public void io(Io io) {
        this.io = io;
    }

    /** Sets how {@link #confirm} asks; the shell asks through its line reader. */
    public void confirmer(Predicate<String> confirmer) {
        this.confirmer = confirmer;
    }

    /** Sets the flags of the command about to run (key to value, command line layer). */
    void flags(Map<String, String> flags) {
        this.flags = flags;
    }

    /**
     * Starts a shell or script session: the flags given when it was launched stay in effect for
     * every command it runs, and {@code begin} is allowed.
     */
    void startSession(Map<String, String> launchFlags) {
        this.launchFlags = Map.copyOf(launchFlags);
        this.session = new Session(true);
    }

    /**
     * Ends the session; an open transaction is rolled back.
     *
     * @return true when a transaction was open and got rolled back
     */
    boolean endSession() {
        Transaction tx = session.end();
        session = new Session(false);
        if (tx != null) {
            tx.close();
            return true;
        }
        return false;
    }

    /** The settings in effect for the command that runs: files, environment, launch flags, its flags. */
    public Settings settingsInEffect() {
        if (loaded == null) {
            loaded = Settings.load(env);
            for (String w : loaded.warnings()) {
                io.err().println("warning: " + w);
            }
        }
        Map<String, String> all = new LinkedHashMap<>(launchFlags);
        all.putAll(flags);
        return loaded.withFlags(all);
    }

    /** The configured cluster, or {@code null} when commands use the embedded database. */
    ClusterFile.Cluster cluster() {
        return ClusterFile.find(settingsInEffect().get("cluster"), env);
    }

    @Override
    public io.cairn.commands.cluster.ClusterControl clusterControl() {
        return new CliClusterControl(this);
    }

    @Override
    public Database database() {
        if (opened == null) {
            opened = opener.open(settingsInEffect(), env);
        }
        return opened.database();
    }

    /** Empty without a configured cluster, before anything is opened; otherwise asks the opened database. */
    @Override
    public java.util.Optional<Database> openConnection() {
        if (cluster() == null) {
            return java.util.Optional.empty();
        }
        database();
        return opened.openConnection();
    }

    @Override
    public PrintStream out() {
        return io.out();
    }

    @Override
    public PrintStream err() {
        return io.err();
    }

    @Override
    public InputStream in() {
        return io.in();
    }

    @Override
    public boolean isTerminal() {
        return io.terminal();
    }

    @Override
    public boolean confirm(String question) {
        if (confirmer != null) {
            return confirmer.test(question);
        }
        io.err().print(question + " [y/N] ");
        io.err().flush();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        try {
            int c;
            while ((c = io.in().read()) >= 0 && c != '\n') {
                line.write(c);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return line.toString(StandardCharsets.UTF_8).strip().toLowerCase(java.util.Locale.ROOT).startsWith("y");
    }

    @Override
    public OutputFormat outputFormat() {
        return settingsInEffect().output();
    }

    @Override
    public ByteFormat byteFormat() {
        return settingsInEffect().bytes();
    }

    @Override
    public Duration timeout() {
        return settingsInEffect().timeout();
    }

    @Override
    public Map<String, Object> status() {
        Settings s = settingsInEffect();
        Map<String, Object> m = new LinkedHashMap<>();
        database();
        if (opened instanceof RemoteOpener) {
            m.put("mode", "cluster");
        } else {
            m.put("mode", "embedded");
            m.put("data-dir", s.dataDir(env).toString());
            m.put("backend", s.get("backend"));
        }
        m.putAll(opened.status());
        return m;
    }

    @Override
    public Map<String, String> backends() {
        Map<String, String> m = new TreeMap<>();
        for (StorageEngineProvider p : StorageEngines.available()) {
            m.put(p.name(), p.description());
        }
        return m;
    }

    @Override
    public List<Setting> settings() {
        return settingsInEffect().effective();
    }

    @Override
    public String version() {
        return versionString();
    }

    /** The version the build wrote into {@code cairn-version.properties}. */
    static String versionString() {
        Properties p = new Properties();
        try (InputStream in = CliContext.class.getResourceAsStream("/cairn-version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p.getProperty("version", "unknown");
    }

    @Override
    public Session session() {
        return session;
    }

    @Override
    public Cancellation cancellation() {
        return cancellation;
    }

    /** Rolls back an open transaction and closes the database if it was opened. */
    @Override
    public void close() {
        endSession();
        if (opened != null) {
            opened.database().close();
            opened = null;
        }
    }
}
