package io.livepipe.encoder.tls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.logging.Logger;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The self-signed RTMPS certificate of a platform without one configured: made on first start
 * (ECDSA P-256, valid {@link #VALIDITY}, for {@code localhost}, 127.0.0.1, ::1 and the public host)
 * and kept in the data folder as {@code rtmps.pem} (key and certificate, mode 0600) with the
 * certificate alone beside it in {@code rtmps-certificate.pem}, so encoders that trust or pinned it
 * keep connecting after a restart.
 */
public final class LocalCertificate {
    /** The private key and certificate, owner-readable only: what the listener uses. */
    static final String KEY_AND_CERTIFICATE_FILE = "rtmps.pem";
    /** The certificate alone, for encoders to trust or pin. */
    static final String CERTIFICATE_FILE = "rtmps-certificate.pem";
    static final Duration VALIDITY = Duration.ofDays(825);
    private static final Logger LOG = Logger.getLogger(LocalCertificate.class.getName());

    private LocalCertificate() { }

    /**
     * The certificate kept in {@code dataDir}, or a new one made for {@code host} and written there.
     * Key and certificate share one file, replaced atomically, so two processes starting on one
     * folder at once never leave a key beside another's certificate.
     */
    public static TlsCredentials keptIn(Path dataDir, String host) {
        Path both = dataDir.resolve(KEY_AND_CERTIFICATE_FILE);
        try {
            if (!Files.isRegularFile(both)) {
                Files.createDirectories(dataDir);
                KeyPair pair = keyPair();
                X509Certificate x509 = selfSigned(pair, host, Instant.now());
                String certPem = pem("CERTIFICATE", x509.getEncoded());
                Path tmp = Files.createTempFile(dataDir, "rtmps", ".tmp", PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rw-------")));
                Files.writeString(tmp, pem("PRIVATE KEY", pair.getPrivate().getEncoded()) + certPem, StandardCharsets.US_ASCII);
                Files.move(tmp, both, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                Files.writeString(dataDir.resolve(CERTIFICATE_FILE), certPem, StandardCharsets.US_ASCII);
                String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(x509.getEncoded()));
                LOG.info(() -> "event=rtmps_certificate_created subject=\"" + x509.getSubjectX500Principal().getName() + "\" sha256=" + sha256
                        + " notAfter=" + x509.getNotAfter().toInstant() + " file=" + dataDir.resolve(CERTIFICATE_FILE));
            }
            String pem = Files.readString(both, StandardCharsets.US_ASCII);
            return new TlsCredentials(pem, pem);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the RTMPS certificate in " + dataDir, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot make the RTMPS certificate", e);
        }
    }

    static KeyPair keyPair() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
        return g.generateKeyPair();
    }

    static X509Certificate selfSigned(KeyPair pair, String host, Instant now) throws GeneralSecurityException {
        X500Name subject = new X500Name("CN=" + cn(host) + ",O=livepipe (self-signed)");
        byte[] serial = new byte[16];
        new SecureRandom().nextBytes(serial);
        try {
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(subject, new BigInteger(1, serial),
                    Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(VALIDITY)), subject, pair.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
                    .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names(host).toArray(GeneralName[]::new)));
            return new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
        } catch (OperatorCreationException | IOException e) {
            throw new GeneralSecurityException("cannot sign the certificate", e);
        }
    }

    private static String cn(String host) { return host.replaceAll("[^A-Za-z0-9.:-]", ""); }

    private static List<GeneralName> names(String host) {
        List<GeneralName> out = new ArrayList<>(List.of(new GeneralName(GeneralName.dNSName, "localhost"),
                new GeneralName(GeneralName.iPAddress, "127.0.0.1"), new GeneralName(GeneralName.iPAddress, "::1")));
        String h = cn(host);
        if (!h.isEmpty() && !h.equals("localhost") && !h.equals("127.0.0.1")) {
            out.add(new GeneralName(isIpLiteral(h) ? GeneralName.iPAddress : GeneralName.dNSName, h));
        }
        return out;
    }

    private static boolean isIpLiteral(String h) { return h.matches("[0-9.]+") || h.contains(":"); }

    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
