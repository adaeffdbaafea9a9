package io.cairn.cli;

/**
 * Opens the configured cluster when one is configured (see {@link ClusterFile}), and the embedded
 * database otherwise.
 */
final class ChoosingOpener implements DatabaseOpener {
    @Override
    public Opened open(Settings settings, Environment env) {
        ClusterFile.Cluster cluster = ClusterFile.find(settings.get("cluster"), env);
        if (cluster == null) {
            return new EmbeddedOpener().open(settings, env);
        }
        return new RemoteOpener(cluster, Settings.consistency(settings.get("consistency")), settings.timeout(),
                settings.clientTls(env));
    }
}
