package io.cairn.client;

import io.cairn.api.CairnException;
import io.cairn.api.ErrorCode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS contexts made from PEM files, for the client protocol (a node's certificate chain and
 * private key; the certificates a client trusts) and between nodes (mutual TLS).
 *
 * <p>Keys are read in PKCS#8 ({@code BEGIN PRIVATE KEY}, RSA, EC or Ed25519) or PKCS#1
 * ({@code BEGIN RSA PRIVATE KEY}); encrypted keys are refused with a message saying how to
 * convert them. Errors name the file and what is wrong with it.
 */
public final class Tls {
    private static final Pattern PEM = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----\\s*([A-Za-z0-9+/=\\s]*?)-----END \\1-----");
    private static final char[] NO_PASSWORD = new char[0];
    private static final String PROTOCOL = "TLS";

    private Tls() {}

    /**
     * A server context presenting the certificate chain in {@code certificateFile} (the node's
     * own certificate first) with the private key in {@code keyFile}.
     *
     * @throws CairnException {@link ErrorCode#INVALID_ARGUMENT} naming the file that cannot be
     *     read or parsed, or a key that does not match the certificate
     */
    public static SSLContext server(Path certificateFile, Path keyFile) {
        return context(keyManagers(certificateFile, keyFile), null, keyFile);
    }

    /**
     * A client context trusting the certificates in {@code caFile}, or the JDK's default trust
     * store when it is {@code null}.
     *
     * @throws CairnException {@link ErrorCode#INVALID_ARGUMENT} naming the file that cannot be
     *     read or holds no certificate
     */
    public static SSLContext client(Path caFile) {
        return context(null, caFile == null ? null : trustManagers(caFile), caFile);
    }

    /**
     * A context for mutual TLS between a cluster's nodes: it presents the chain in
     * {@code certificateFile} with the key in {@code keyFile}, and trusts only peers whose
     * certificates chain to one in {@code caFile} (for a cluster sharing one self-signed
     * certificate, that certificate itself).
     *
     * @throws CairnException {@link ErrorCode#INVALID_ARGUMENT} naming the file that cannot be
     *     read or parsed, or a key that does not match the certificate
     */
    public static SSLContext mutual(Path certificateFile, Path keyFile, Path caFile) {
        return context(keyManagers(certificateFile, keyFile), trustManagers(caFile), caFile);
    }

    private static SSLContext context(KeyManager[] keys, TrustManager[] trust, Path blamed) {
        try {
            SSLContext ctx = SSLContext.getInstance(PROTOCOL);
            ctx.init(keys, trust, null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new CairnException(ErrorCode.INVALID_ARGUMENT, "cannot set up TLS"
                    + (blamed == null ? "" : " with " + blamed) + ": " + e.getMessage(), e);
        }
    }

    private static KeyManager[] keyManagers(Path certificateFile, Path keyFile) {
        List<X509Certificate> chain = certificates(certificateFile);
        PrivateKey key = privateKey(keyFile);
        if (!chain.get(0).getPublicKey().getAlgorithm().equals(key.getAlgorithm())) {
            throw invalid(keyFile, "holds a " + key.getAlgorithm() + " key but the certificate in " + certificateFile
                    + " is for a " + chain.get(0).getPublicKey().getAlgorithm() + " key");
        }
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("node", key, NO_PASSWORD, chain.toArray(new Certificate[0]));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(store, NO_PASSWORD);
            return kmf.getKeyManagers();
        } catch (GeneralSecurityException | IOException e) {
            throw invalid(keyFile, "cannot be used with " + certificateFile + ": " + e.getMessage());
        }
    }

    private static TrustManager[] trustManagers(Path caFile) {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            int i = 0;
            for (X509Certificate c : certificates(caFile)) {
                trust.setCertificateEntry("ca-" + i++, c);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            return tmf.getTrustManagers();
        } catch (GeneralSecurityException | IOException e) {
            throw new CairnException(ErrorCode.INVALID_ARGUMENT, "cannot set up TLS with " + caFile + ": " + e.getMessage(), e);
        }
    }

    /** The certificates in a PEM file, in file order; at least one. */
    static List<X509Certificate> certificates(Path file) {
        String text = read(file);
        List<X509Certificate> out = new ArrayList<>();
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            Matcher m = PEM.matcher(text);
            while (m.find()) {
                if (m.group(1).equals("CERTIFICATE")) {
                    Collection<? extends Certificate> cs = cf.generateCertificates(
                            new ByteArrayInputStream(decode(file, m.group(2))));
                    for (Certificate c : cs) {
                        out.add((X509Certificate) c);
                    }
                }
            }
        } catch (GeneralSecurityException e) {
            throw invalid(file, "holds a certificate that cannot be parsed: " + e.getMessage());
        }
        if (out.isEmpty()) {
            throw invalid(file, "holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
        }
        return out;
    }

    /** The private key in a PEM file. */
    static PrivateKey privateKey(Path file) {
        Matcher m = PEM.matcher(read(file));
        while (m.find()) {
            String type = m.group(1);
            byte[] der = decode(file, m.group(2));
            switch (type) {
                case "PRIVATE KEY":
                    return pkcs8(file, der);
                case "RSA PRIVATE KEY":
                    return pkcs8(file, rsaPkcs1ToPkcs8(der));
                case "ENCRYPTED PRIVATE KEY":
                    throw invalid(file, "holds an encrypted key; Cairn needs it unencrypted and readable only by the"
                            + " node's user (openssl pkcs8 -topk8 -nocrypt -in KEY -out " + file.getFileName() + ")");
                case "EC PRIVATE KEY":
                    throw invalid(file, "holds an EC key in SEC1 form; convert it to PKCS#8 with"
                            + " openssl pkcs8 -topk8 -nocrypt -in KEY -out " + file.getFileName());
                default:
                    // Certificates or parameters next to the key: skip them.
            }
        }
        throw invalid(file, "holds no PEM private key (-----BEGIN PRIVATE KEY-----)");
    }

    private static PrivateKey pkcs8(Path file, byte[] der) {
        for (String algorithm : List.of("RSA", "EC", "Ed25519", "EdDSA")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException wrongAlgorithm) {
                // Try the next one; the key names its algorithm only inside the DER.
            }
        }
        throw invalid(file, "holds a private key that is not RSA, EC or Ed25519 in PKCS#8 form");
    }

    /** Wraps a PKCS#1 RSA key in the PKCS#8 structure the JDK reads. */
    private static byte[] rsaPkcs1ToPkcs8(byte[] pkcs1) {
        byte[] algorithm = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01,
            0x01, 0x01, 0x05, 0x00};
        byte[] version = {0x02, 0x01, 0x00};
        byte[] octets = derElement(0x04, pkcs1);
        byte[] body = new byte[version.length + algorithm.length + octets.length];
        System.arraycopy(version, 0, body, 0, version.length);
        System.arraycopy(algorithm, 0, body, version.length, algorithm.length);
        System.arraycopy(octets, 0, body, version.length + algorithm.length, octets.length);
        return derElement(0x30, body);
    }

    private static byte[] derElement(int tag, byte[] content) {
        int n = content.length;
        byte[] length;
        if (n < 0x80) {
            length = new byte[] {(byte) n};
        } else if (n < 0x100) {
            length = new byte[] {(byte) 0x81, (byte) n};
        } else if (n < 0x10000) {
            length = new byte[] {(byte) 0x82, (byte) (n >> 8), (byte) n};
        } else {
            length = new byte[] {(byte) 0x83, (byte) (n >> 16), (byte) (n >> 8), (byte) n};
        }
        byte[] out = new byte[1 + length.length + n];
        out[0] = (byte) tag;
        System.arraycopy(length, 0, out, 1, length.length);
        System.arraycopy(content, 0, out, 1 + length.length, n);
        return out;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (NoSuchFileException e) {
            throw invalid(file, "does not exist");
        } catch (IOException e) {
            throw invalid(file, "cannot be read: " + e.getMessage());
        }
    }

    private static byte[] decode(Path file, String base64) {
        try {
            return Base64.getMimeDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw invalid(file, "holds a PEM block that is not valid base64: " + e.getMessage());
        }
    }

    private static CairnException invalid(Path file, String what) {
        return new CairnException(ErrorCode.INVALID_ARGUMENT, "TLS file " + file + " " + what);
    }
}
