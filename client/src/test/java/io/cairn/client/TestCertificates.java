package io.cairn.client;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

/**
 * Self-signed certificates for TLS tests, made with the JDK's {@code keytool} and written as PEM
 * files, as an operator would have them.
 */
public final class TestCertificates {
    /** The PEM files of one certificate: its chain and its unencrypted PKCS#8 key. */
    public record Pem(Path certificate, Path key) {}

    private static final String PASSWORD = "changeit";

    private TestCertificates() {}

    /**
     * A self-signed certificate with subject alternative names {@code san} (keytool syntax,
     * e.g. {@code ip:127.0.0.1,dns:localhost}) and a {@code keyAlgorithm} ("EC" or "RSA") key,
     * written into {@code dir} as {@code name.crt} and {@code name.key}.
     */
    public static Pem create(Path dir, String name, String san, String keyAlgorithm) throws Exception {
        Path store = dir.resolve(name + ".p12");
        Files.deleteIfExists(store);
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process p = new ProcessBuilder(keytool, "-genkeypair", "-alias", name, "-keyalg", keyAlgorithm,
                "-keysize", keyAlgorithm.equals("RSA") ? "2048" : "256", "-dname", "CN=" + name, "-ext", "SAN=" + san,
                "-validity", "2", "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass", PASSWORD,
                "-keypass", PASSWORD).redirectErrorStream(true).start();
        String output;
        try (InputStream in = p.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException("keytool failed: " + output);
        }
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, PASSWORD.toCharArray());
        }
        PrivateKey key = (PrivateKey) ks.getKey(name, PASSWORD.toCharArray());
        Certificate cert = ks.getCertificate(name);
        Pem pem = new Pem(dir.resolve(name + ".crt"), dir.resolve(name + ".key"));
        Files.writeString(pem.certificate(), pem("CERTIFICATE", cert.getEncoded()));
        Files.writeString(pem.key(), pem("PRIVATE KEY", key.getEncoded()));
        return pem;
    }

    /** {@code der} as a PEM block of {@code type}. */
    public static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + type + "-----\n";
    }
}
