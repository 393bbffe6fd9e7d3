package io.livepipe.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import java.util.Optional;
import java.util.Set;

/**
 * The allow-list: ES256 only with a P-256 EC key, RS256 only with an RSA key of at least 2048
 * bits, HS256 only with a symmetric key of at least 256 bits (RFC 7518 §3.2, §3.3, §3.4). A key's
 * declared {@code alg} is the one algorithm it is used with, so a token cannot pick another
 * (RFC 8725 §3.1).
 */
final class TokenAlgorithms {
    static final Set<JWSAlgorithm> ALLOWED = Set.of(JWSAlgorithm.ES256, JWSAlgorithm.RS256, JWSAlgorithm.HS256);

    private TokenAlgorithms() { }

    /** Why this key cannot be used with its declared alg, or empty if it can. Never shows key material. */
    static Optional<String> problem(JWK key) {
        if (key.getKeyID() == null || key.getKeyID().isBlank()) return Optional.of("every key needs a kid");
        if (key.getAlgorithm() == null) return Optional.of("key " + key.getKeyID() + " needs an alg");
        JWSAlgorithm alg = JWSAlgorithm.parse(key.getAlgorithm().getName());
        if (!ALLOWED.contains(alg)) return Optional.of("key " + key.getKeyID() + " has alg " + alg + "; ES256, RS256 or HS256 are accepted");
        boolean fits = switch (alg.getName()) {
            case "ES256" -> key instanceof ECKey ec && Curve.P_256.equals(ec.getCurve());
            case "RS256" -> key instanceof RSAKey rsa && rsa.size() >= 2048;
            default -> key instanceof OctetSequenceKey oct && oct.size() >= 256;
        };
        return fits ? Optional.empty() : Optional.of("key " + key.getKeyID() + " is not a " + alg
                + " key (ES256: EC P-256; RS256: RSA >= 2048 bits; HS256: oct >= 256 bits)");
    }

    static JWSAlgorithm algorithmOf(JWK key) { return JWSAlgorithm.parse(key.getAlgorithm().getName()); }

    static JWSSigner signer(JWK key) throws JOSEException {
        if (key instanceof ECKey ec) return new ECDSASigner(ec);
        if (key instanceof RSAKey rsa) return new RSASSASigner(rsa);
        return new MACSigner((OctetSequenceKey) key);
    }

    static JWSVerifier verifier(JWK key) throws JOSEException {
        if (key instanceof ECKey ec) return new ECDSAVerifier(ec.toPublicJWK());
        if (key instanceof RSAKey rsa) return new RSASSAVerifier(rsa.toPublicJWK());
        return new MACVerifier((OctetSequenceKey) key);
    }
}
