package io.livepipe.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The platform's token signing keys, from the JWK Set (RFC 7517 §5) of the setting
 * LIVEPIPE_TOKEN_SIGNING_KEYS: the first key signs, every key verifies, so a key is rotated by
 * prepending its successor and removing it once its last tokens have expired. Each key carries a
 * unique {@code kid} and an {@code alg} it is bound to. {@link #toString()} shows kids only.
 */
public final class SigningKeys {
    public static final int MAX_KEYS = 16;
    /** Bound on the setting's text, checked before it is parsed. */
    public static final int MAX_JSON_CHARS = 64 * 1024;

    private final List<JWK> keys;

    private SigningKeys(List<JWK> keys) {
        if (keys.isEmpty()) throw new IllegalArgumentException("a signing key set needs at least one key");
        if (keys.size() > MAX_KEYS) throw new IllegalArgumentException("at most " + MAX_KEYS + " signing keys");
        Set<String> kids = new HashSet<>();
        for (JWK k : keys) {
            TokenAlgorithms.problem(k).ifPresent(p -> { throw new IllegalArgumentException(p); });
            if (!(k instanceof OctetSequenceKey) && !k.isPrivate()) {
                throw new IllegalArgumentException("key " + k.getKeyID() + " has no private part; signing keys are private keys");
            }
            if (!kids.add(k.getKeyID())) throw new IllegalArgumentException("kid " + k.getKeyID() + " appears twice");
        }
        this.keys = List.copyOf(keys);
    }

    /** Parses the setting's JWK Set; every failure is an IllegalArgumentException that shows no key material. */
    public static SigningKeys parse(String jwkSetJson) {
        if (jwkSetJson == null || jwkSetJson.isBlank()) throw new IllegalArgumentException("the signing key set is empty");
        if (jwkSetJson.length() > MAX_JSON_CHARS) throw new IllegalArgumentException("the signing key set is larger than " + MAX_JSON_CHARS + " characters");
        try {
            return new SigningKeys(JWKSet.parse(jwkSetJson).getKeys());
        } catch (ParseException e) {
            throw new IllegalArgumentException("the signing key set is not a JWK Set (RFC 7517 section 5)");
        }
    }

    public static SigningKeys of(List<JWK> keys) { return new SigningKeys(keys); }

    /** A set of one new ES256 key (P-256), as the local platform makes when none is configured. */
    public static SigningKeys generateEs256(String kid) {
        try {
            return new SigningKeys(List.of(new ECKeyGenerator(Curve.P_256).keyID(kid)
                    .algorithm(JWSAlgorithm.ES256).keyUse(KeyUse.SIGNATURE).generate()));
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot make an ES256 key", e);
        }
    }

    /** A copy with {@code key} first: it signs from now on, the others still verify. */
    public SigningKeys prepend(JWK key) {
        List<JWK> k = new ArrayList<>(keys.size() + 1);
        k.add(key);
        k.addAll(keys);
        return new SigningKeys(k);
    }

    /** A copy without the key {@code kid}: its tokens no longer verify. */
    public SigningKeys without(String kid) {
        return new SigningKeys(keys.stream().filter(k -> !k.getKeyID().equals(kid)).toList());
    }

    /** The key that signs new tokens. */
    public JWK signingKey() { return keys.get(0); }

    /** Every key accepted for verification, private parts included (use {@link #publicJwks()} to publish). */
    public List<JWK> keys() { return keys; }

    public Optional<JWK> find(String kid) {
        return keys.stream().filter(k -> k.getKeyID().equals(kid)).findFirst();
    }

    /**
     * The JWKS to publish (RFC 7517 §5): the public part of each asymmetric key, with kid, alg and
     * use; symmetric keys are left out entirely, since their only form is the secret.
     */
    public Map<String, Object> publicJwks() {
        List<JWK> pub = keys.stream().filter(k -> !(k instanceof OctetSequenceKey)).map(JWK::toPublicJWK).toList();
        return new JWKSet(pub).toJSONObject(true);
    }

    /** The whole set, private parts included, for the setting or its local file: never log it. */
    public String toSecretJson() { return new JWKSet(keys).toString(false); }

    @Override
    public String toString() {
        return "SigningKeys" + keys.stream().map(JWK::getKeyID).toList();
    }
}
