package io.livepipe.encoder.tls;

import io.livepipe.config.Setting;
import io.livepipe.config.Settings;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import javax.net.ssl.SSLException;

/**
 * A TLS server's certificate chain and private key, both PEM. Its {@code toString} never shows the
 * key. The chain may hold the key too (a Key Vault certificate's secret in PEM form does).
 */
public record TlsCredentials(String certificateChainPem, String privateKeyPem) {
    private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    public TlsCredentials {
        if (certificateChainPem == null || !certificateChainPem.contains("-----BEGIN CERTIFICATE-----")) {
            throw new IllegalArgumentException("TLS certificate is not PEM (no BEGIN CERTIFICATE)");
        }
        if (privateKeyPem == null || !privateKeyPem.contains("PRIVATE KEY-----")) {
            throw new IllegalArgumentException("TLS private key is not PEM (no BEGIN PRIVATE KEY)");
        }
    }

    /**
     * The RTMPS credentials of the settings ({@code LIVEPIPE_RTMPS_CERTIFICATE}, with
     * {@code LIVEPIPE_RTMPS_PRIVATE_KEY} or the key within the certificate's PEM), else the
     * self-signed certificate kept in {@code dataDir} for {@code publicHost}, made on first use.
     */
    public static TlsCredentials rtmps(Settings s, Path dataDir) {
        if (!s.isSet(Setting.LIVEPIPE_RTMPS_CERTIFICATE)) {
            if (s.isSet(Setting.LIVEPIPE_RTMPS_PRIVATE_KEY)) {
                throw new IllegalArgumentException("LIVEPIPE_RTMPS_PRIVATE_KEY is set without LIVEPIPE_RTMPS_CERTIFICATE");
            }
            return LocalCertificate.keptIn(dataDir, s.get(Setting.LIVEPIPE_PUBLIC_HOST));
        }
        String chain = pem(s.get(Setting.LIVEPIPE_RTMPS_CERTIFICATE));
        return new TlsCredentials(chain, s.isSet(Setting.LIVEPIPE_RTMPS_PRIVATE_KEY) ? pem(s.get(Setting.LIVEPIPE_RTMPS_PRIVATE_KEY)) : chain);
    }

    /** App settings often carry PEM with escaped line breaks (JSON files, single-line variables). */
    private static String pem(String v) { return v.replace("\\n", "\n"); }

    /** A Netty server context over these credentials: TLS 1.2 and 1.3 only, the JDK's provider, no client certificates. */
    public SslContext serverContext() {
        try {
            return SslContextBuilder.forServer(stream(certificateChainPem), stream(privateKeyPem)).protocols(PROTOCOLS).build();
        } catch (SSLException | IllegalArgumentException e) {
            // the cause may quote key material; say only what was wrong
            throw new IllegalArgumentException("TLS certificate or key cannot be used: " + e.getClass().getSimpleName());
        }
    }

    private static ByteArrayInputStream stream(String pem) { return new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)); }

    @Override
    public String toString() { return "TlsCredentials[certificate=" + certificateChainPem.length() + " chars, key=hidden]"; }
}
