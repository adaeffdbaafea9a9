package io.cairn.cli;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where cairn looks for its configuration: environment variables, the home directory, the
 * working directory and the system configuration directory. Tests make their own.
 *
 * @param variables the environment variables
 * @param home the user's home directory
 * @param workingDirectory the directory cairn runs in
 * @param systemConfigDirectory {@code /etc/cairn} normally
 */
public record Environment(Map<String, String> variables, Path home, Path workingDirectory, Path systemConfigDirectory) {
    /** The environment of this process. */
    public static Environment system() {
        return new Environment(System.getenv(), Path.of(System.getProperty("user.home")),
                Path.of("").toAbsolutePath(), Path.of("/etc/cairn"));
    }

    /** The user configuration file: {@code $XDG_CONFIG_HOME/cairn/cairn.properties}, by default under {@code ~/.config}. */
    public Path userConfigFile() {
        String xdg = variables.get("XDG_CONFIG_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : home.resolve(".config");
        return base.resolve("cairn").resolve(Settings.FILE_NAME);
    }
}
