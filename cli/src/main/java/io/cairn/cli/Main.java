package io.cairn.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The entry point of the {@code cairn} executable; the only place that calls {@link System#exit}. */
@Command(name = "cairn", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "A distributed, transactional, ordered key-value database.")
public final class Main implements Runnable {
    /** Runs cairn with {@code args} and exits with its exit code. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).execute(args));
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    /** Reads the version that the build wrote into {@code cairn-version.properties}. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties p = new Properties();
            try (InputStream in = Main.class.getResourceAsStream("/cairn-version.properties")) {
                if (in != null) {
                    p.load(in);
                }
            }
            return new String[] {"cairn " + p.getProperty("version", "unknown")};
        }
    }
}
