package io.cairn.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.api.CairnException;
import io.cairn.api.ErrorCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsTest {
    @TempDir
    Path dir;

    private static void assertInvalid(String expected, Runnable r) {
        CairnException e = assertThrows(CairnException.class, r::run);
        assertEquals(ErrorCode.INVALID_ARGUMENT, e.error());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void serverAndClientContextsComeFromPemFiles() throws Exception {
        TestCertificates.Pem ec = TestCertificates.create(dir, "ec", "ip:127.0.0.1", "EC");
        assertNotNull(Tls.server(ec.certificate(), ec.key()));
        assertNotNull(Tls.client(ec.certificate()));
        assertNotNull(Tls.client(null));
    }

    @Test
    void rsaKeyInPkcs1FormIsAccepted() throws Exception {
        TestCertificates.Pem rsa = TestCertificates.create(dir, "rsa", "ip:127.0.0.1", "RSA");
        byte[] pkcs8 = Base64.getMimeDecoder().decode(Files.readString(rsa.key())
                .replaceAll("-----[A-Z ]+-----", "").trim());
        // PKCS#8: SEQUENCE { INTEGER 0, SEQUENCE algorithm, OCTET STRING pkcs1 }; the key is the last element.
        int i = 1 + lengthBytes(pkcs8, 1);
        i += 3; // INTEGER 0
        i += 1 + lengthBytes(pkcs8, i + 1) + length(pkcs8, i + 1); // algorithm
        byte[] pkcs1 = Arrays.copyOfRange(pkcs8, i + 1 + lengthBytes(pkcs8, i + 1), pkcs8.length);
        Path pkcs1File = dir.resolve("rsa1.key");
        Files.writeString(pkcs1File, TestCertificates.pem("RSA PRIVATE KEY", pkcs1));
        assertEquals(Tls.privateKey(rsa.key()), Tls.privateKey(pkcs1File));
        assertNotNull(Tls.server(rsa.certificate(), pkcs1File));
    }

    private static int lengthBytes(byte[] der, int at) {
        return (der[at] & 0x80) == 0 ? 1 : 1 + (der[at] & 0x7f);
    }

    private static int length(byte[] der, int at) {
        if ((der[at] & 0x80) == 0) {
            return der[at];
        }
        int n = 0;
        for (int k = 1; k <= (der[at] & 0x7f); k++) {
            n = (n << 8) | (der[at + k] & 0xff);
        }
        return n;
    }

    @Test
    void unusableFilesAreNamedWithWhatIsWrong() throws Exception {
        TestCertificates.Pem ec = TestCertificates.create(dir, "ec", "ip:127.0.0.1", "EC");
        TestCertificates.Pem rsa = TestCertificates.create(dir, "rsa", "ip:127.0.0.1", "RSA");
        Path missing = dir.resolve("missing.crt");
        assertInvalid(missing + " does not exist", () -> Tls.client(missing));
        assertInvalid("holds no PEM certificate", () -> Tls.client(ec.key()));
        assertInvalid("holds no PEM private key", () -> Tls.server(ec.certificate(), ec.certificate()));
        assertInvalid("holds a EC key but the certificate", () -> Tls.server(rsa.certificate(), ec.key()));
        Path encrypted = dir.resolve("encrypted.key");
        Files.writeString(encrypted, TestCertificates.pem("ENCRYPTED PRIVATE KEY", new byte[] {1, 2, 3}));
        assertInvalid("encrypted key", () -> Tls.server(ec.certificate(), encrypted));
        Path garbage = dir.resolve("garbage.crt");
        Files.writeString(garbage, TestCertificates.pem("CERTIFICATE", new byte[] {1, 2, 3}));
        assertInvalid("cannot be parsed", () -> Tls.client(garbage));
    }
}
