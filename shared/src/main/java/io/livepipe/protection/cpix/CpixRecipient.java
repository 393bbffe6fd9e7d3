package io.livepipe.protection.cpix;

import io.livepipe.http.Refusal;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;

/** The recipient of a CPIX document: an X.509 certificate with an RSA key of at least 2048 bits. */
public record CpixRecipient(X509Certificate certificate) {
    public static final int MAX_PEM_CHARS = 16 * 1024;
    public static final int MIN_RSA_BITS = 2048;

    public CpixRecipient {
        if (!(certificate.getPublicKey() instanceof RSAPublicKey rsa)) {
            throw Refusal.badRequest("the recipient certificate must hold an RSA public key");
        }
        if (rsa.getModulus().bitLength() < MIN_RSA_BITS) {
            throw Refusal.badRequest("the recipient's RSA key must have at least " + MIN_RSA_BITS + " bits");
        }
    }

    /** One PEM certificate ({@code -----BEGIN CERTIFICATE-----}); anything else is a 400. */
    public static CpixRecipient fromPem(String pem) {
        if (pem == null || pem.isBlank()) {
            throw Refusal.badRequest("a recipient certificate (PEM) is required: livepipe does not write content keys in the clear");
        }
        if (pem.length() > MAX_PEM_CHARS) throw Refusal.badRequest("the certificate is larger than " + MAX_PEM_CHARS + " characters");
        if (!pem.contains("-----BEGIN CERTIFICATE-----")) throw Refusal.badRequest("the body must be a PEM certificate (-----BEGIN CERTIFICATE-----)");
        try {
            CertificateFactory f = CertificateFactory.getInstance("X.509");
            return new CpixRecipient((X509Certificate) f.generateCertificate(new ByteArrayInputStream(pem.trim().getBytes(StandardCharsets.US_ASCII))));
        } catch (CertificateException | RuntimeException e) {
            if (e instanceof Refusal p) throw p;
            throw Refusal.badRequest("the recipient certificate cannot be read");
        }
    }
}
