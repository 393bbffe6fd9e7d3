package io.livepipe.encoder.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livepipe.config.Setting;
import io.livepipe.config.Settings;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalCertificateTest {
    @TempDir
    Path data;

    @Test
    void madeOnceKeptOwnerOnlyAndReusedAfterARestart() throws Exception {
        TlsCredentials first = LocalCertificate.keptIn(data, "ingest.example.org");
        TlsCredentials again = LocalCertificate.keptIn(data, "ingest.example.org");
        assertEquals(first, again, "the same certificate and key after a restart");
        assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                Files.getPosixFilePermissions(data.resolve(LocalCertificate.KEY_AND_CERTIFICATE_FILE)));
        String certOnly = Files.readString(data.resolve(LocalCertificate.CERTIFICATE_FILE));
        assertFalse(certOnly.contains("PRIVATE KEY"), "the file handed to encoders holds no key");
        X509Certificate x = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(certOnly.getBytes(StandardCharsets.US_ASCII)));
        x.verify(x.getPublicKey());
        List<String> names = x.getSubjectAlternativeNames().stream().map(n -> String.valueOf(n.get(1))).toList();
        assertTrue(names.containsAll(List.of("localhost", "127.0.0.1", "ingest.example.org")), names.toString());
        assertTrue(x.getExtendedKeyUsage().contains("1.3.6.1.5.5.7.3.1"), "serverAuth");
        first.serverContext();
    }

    @Test
    void configuredPemWithEscapedLineBreaksIsUsedAndTheKeyMayShareTheCertificatesPem() throws Exception {
        TlsCredentials made = LocalCertificate.keptIn(data.resolve("elsewhere"), "localhost");
        String oneLine = made.certificateChainPem().replace("\n", "\\n");
        TlsCredentials fromSettings = TlsCredentials.rtmps(Settings.from(Map.of(Setting.LIVEPIPE_RTMPS_CERTIFICATE.name(), oneLine)), data);
        assertTrue(fromSettings.privateKeyPem().contains("-----BEGIN PRIVATE KEY-----\n"));
        fromSettings.serverContext();
        assertFalse(Files.exists(data.resolve(LocalCertificate.KEY_AND_CERTIFICATE_FILE)), "nothing made when one is configured");
    }

    @Test
    void neverShowsTheKeyAndRefusesWhatIsNotPem() {
        TlsCredentials made = LocalCertificate.keptIn(data, "localhost");
        assertFalse(made.toString().contains("PRIVATE"));
        assertThrows(IllegalArgumentException.class, () -> new TlsCredentials("not a certificate", made.privateKeyPem()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TlsCredentials.rtmps(Settings.from(Map.of(Setting.LIVEPIPE_RTMPS_PRIVATE_KEY.name(), made.privateKeyPem())), data));
        assertFalse(e.getMessage().contains("BEGIN"));
        String corrupt = made.certificateChainPem().replaceFirst("(?s)(-----BEGIN PRIVATE KEY-----\n)....", "$1AAAA");
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> new TlsCredentials(corrupt, corrupt).serverContext());
        assertFalse(bad.getMessage().contains("AAAA"), "the message never quotes key material");
    }
}
