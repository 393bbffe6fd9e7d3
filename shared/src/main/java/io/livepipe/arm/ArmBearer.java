package io.livepipe.arm;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.livepipe.config.Setting;
import io.livepipe.config.Settings;
import io.livepipe.http.Refusal;
import java.net.MalformedURLException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks the ARM face's {@code Authorization: Bearer} token, as Resource Manager does, refusing
 * with 401 and ARM's error codes ({@code AuthenticationFailed} when there is none,
 * {@code InvalidAuthenticationToken} when it does not pass). Two kinds: {@link #staticToken} (one
 * shared secret, compared in constant time — locally the function key, which any SDK
 * {@code TokenCredential} can hand out) and {@link #entraId} (Entra ID access tokens: RS256
 * signature against the tenant's published keys, issuer of that tenant, v1 or v2, the audience,
 * expiry, and optionally the caller's object id).
 */
public interface ArmBearer {
    /** Longest Authorization header looked at; longer is refused before any parsing. */
    int MAX_HEADER = 16 * 1024;

    /** Returns when {@code authorization} (the header, null: absent) admits the caller, else throws a 401 {@link Refusal}. */
    void check(String authorization);

    /** The bearer of the settings: LIVEPIPE_ARM_AUTH {@code token} (LIVEPIPE_ARM_TOKEN; unset: nobody) or {@code entra}. */
    static ArmBearer from(Settings s) {
        String kind = s.get(Setting.LIVEPIPE_ARM_AUTH);
        return switch (kind) {
            case "token" -> s.isSet(Setting.LIVEPIPE_ARM_TOKEN) ? staticToken(s.get(Setting.LIVEPIPE_ARM_TOKEN)) : nobody();
            case "entra" -> {
                String tenant = s.get(Setting.LIVEPIPE_ARM_TENANT_ID);
                String audience = s.get(Setting.LIVEPIPE_ARM_AUDIENCE);
                if (tenant.isBlank() || audience.isBlank()) {
                    throw new IllegalArgumentException("LIVEPIPE_ARM_AUTH=entra needs LIVEPIPE_ARM_TENANT_ID and LIVEPIPE_ARM_AUDIENCE");
                }
                try {
                    JWKSource<SecurityContext> keys = JWKSourceBuilder.create(
                            URI.create("https://login.microsoftonline.com/" + tenant + "/discovery/v2.0/keys").toURL()).build();
                    Set<String> oids = new HashSet<>();
                    for (String o : s.get(Setting.LIVEPIPE_ARM_ALLOWED_OBJECT_IDS).split(",")) if (!o.isBlank()) oids.add(o.strip());
                    yield entraId(tenant, audience, oids, keys);
                } catch (MalformedURLException e) {
                    throw new IllegalArgumentException("LIVEPIPE_ARM_TENANT_ID is not a tenant id", e);
                }
            }
            default -> throw new IllegalArgumentException("LIVEPIPE_ARM_AUTH must be token or entra, not " + kind);
        };
    }

    /** Admits exactly the bearer token {@code token} (at least 16 characters). */
    static ArmBearer staticToken(String token) {
        if (token == null || token.length() < 16) throw new IllegalArgumentException("the ARM bearer token must have at least 16 characters");
        byte[] expected = token.getBytes(StandardCharsets.UTF_8);
        return header -> {
            String given = bearer(header);
            if (!MessageDigest.isEqual(expected, given.getBytes(StandardCharsets.UTF_8))) throw invalid("The access token is invalid.");
        };
    }

    /** Admits no one: the ARM face is off until a token is configured. */
    static ArmBearer nobody() {
        return header -> {
            bearer(header);
            throw invalid("The access token is invalid: no ARM credential is configured (LIVEPIPE_ARM_TOKEN or LIVEPIPE_ARM_AUTH=entra).");
        };
    }

    /**
     * Admits Entra ID access tokens signed (RS256) by a key of {@code keys}, issued by tenant
     * {@code tenant} (v1 {@code https://sts.windows.net/{tenant}/} or v2
     * {@code https://login.microsoftonline.com/{tenant}/v2.0}), for {@code audience}, unexpired,
     * and — when {@code allowedObjectIds} is not empty — to one of those callers ({@code oid}).
     */
    static ArmBearer entraId(String tenant, String audience, Set<String> allowedObjectIds, JWKSource<SecurityContext> keys) {
        List<String> issuers = List.of("https://sts.windows.net/" + tenant + "/", "https://login.microsoftonline.com/" + tenant + "/v2.0");
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, keys));
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(audience, null, new HashSet<>(Arrays.asList("iss", "exp", "iat"))));
        Set<String> oids = Set.copyOf(allowedObjectIds);
        return header -> {
            String token = bearer(header);
            JWTClaimsSet claims;
            try {
                claims = processor.process(token, null);
            } catch (Exception e) {
                throw invalid("The access token is invalid: " + e.getClass().getSimpleName() + ".");
            }
            if (!issuers.contains(claims.getIssuer())) throw invalid("The access token is from the wrong issuer.");
            Object oid = claims.getClaim("oid");
            if (!oids.isEmpty() && (oid == null || !oids.contains(oid.toString()))) {
                throw ArmRefusal.of(403, "AuthorizationFailed", "The client does not have authorization to perform this action.");
            }
        };
    }

    /** The token of a {@code Bearer} header, or 401. */
    private static String bearer(String header) {
        if (header == null || header.isBlank()) {
            throw ArmRefusal.of(401, "AuthenticationFailed", "Authentication failed. The 'Authorization' header is missing.");
        }
        if (header.length() > MAX_HEADER || !header.regionMatches(true, 0, "Bearer ", 0, 7) || header.length() == 7) {
            throw ArmRefusal.of(401, "AuthenticationFailed", "Authentication failed. The 'Authorization' header is not a Bearer token.");
        }
        return header.substring(7).strip();
    }

    private static Refusal invalid(String message) { return ArmRefusal.of(401, "InvalidAuthenticationToken", message); }
}
