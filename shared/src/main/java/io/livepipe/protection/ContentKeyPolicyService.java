package io.livepipe.protection;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import io.livepipe.channel.ChannelName;
import io.livepipe.http.Refusal;
import io.livepipe.storage.BlobProperties;
import io.livepipe.storage.Condition;
import io.livepipe.storage.DocumentCache;
import io.livepipe.storage.JsonDocuments;
import io.livepipe.storage.PreconditionFailedException;
import io.livepipe.token.PlaybackTokenIssuer;
import io.livepipe.token.SigningKeys;
import io.livepipe.token.TokenRestriction;
import java.text.ParseException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Content key policies: create (validated; 409 if the name is taken), get, list, delete, and the
 * {@link TokenRestriction} a token policy stands for. Names follow the channel name rules.
 */
public final class ContentKeyPolicyService {
    public static final String PREFIX = "contentkeypolicies/";
    public static final int MAX_POLICIES = 1000;
    public static final int MAX_TEXT = 256;
    public static final int MAX_REQUIRED_CLAIMS = 16;
    public static final int MAX_CLAIM_NAME = 64;
    public static final int MAX_VERIFICATION_KEYS = 8;
    /** Claims checked by their own rules; a policy cannot demand fixed values for them. */
    private static final Set<String> CHECKED_CLAIMS = Set.of("iss", "aud", "sub", "exp", "nbf", "iat", "jti",
            PlaybackTokenIssuer.CONTENT_KEY_IDENTIFIER_CLAIM);

    private final JsonDocuments docs;
    private final SigningKeys platformKeys;
    private final Clock clock;
    /** Policies parsed while their ETag is unchanged: a key request pays a properties call, not a parse. */
    private final DocumentCache<ContentKeyPolicy> cache;

    public ContentKeyPolicyService(JsonDocuments docs, SigningKeys platformKeys, Clock clock) {
        this.docs = docs;
        this.cache = new DocumentCache<>(docs, ContentKeyPolicy.class, MAX_POLICIES);
        this.platformKeys = platformKeys;
        this.clock = clock;
    }

    public ContentKeyPolicy create(ContentKeyPolicyRequest r) {
        ContentKeyPolicy p = validate(r);
        if (docs.store().list(PREFIX).size() >= MAX_POLICIES) throw Refusal.conflict("too many content key policies");
        try {
            docs.create(path(p.name()), p);
        } catch (PreconditionFailedException e) {
            throw Refusal.conflict("content key policy " + p.name() + " exists");
        }
        return p;
    }

    public Optional<ContentKeyPolicy> find(String name) {
        if (!ChannelName.isValid(name)) return Optional.empty();
        return cache.read(path(name));
    }

    public ContentKeyPolicy get(String name) {
        return find(name).orElseThrow(() -> Refusal.notFound("no content key policy " + name));
    }

    public List<ContentKeyPolicy> list() {
        List<ContentKeyPolicy> out = new ArrayList<>();
        for (BlobProperties b : docs.store().list(PREFIX)) docs.read(b.path(), ContentKeyPolicy.class).ifPresent(v -> out.add(v.value()));
        return out;
    }

    public void delete(String name) {
        get(name);
        docs.store().delete(path(name), Condition.none());
    }

    /** The restriction of a token policy: its keys, or the platform's when it names none. */
    public TokenRestriction restriction(ContentKeyPolicy p) {
        if (p.isOpen()) throw new IllegalArgumentException("an open policy has no token restriction");
        List<JWK> keys = p.verificationKeys().isEmpty() ? platformKeys.keys() : p.verificationKeys().stream().map(ContentKeyPolicyService::jwk).toList();
        return new TokenRestriction(p.issuer(), p.audience(), p.requiredClaims(), p.requireContentKeyIdentifierClaim(), keys);
    }

    ContentKeyPolicy validate(ContentKeyPolicyRequest r) {
        if (!ChannelName.isValid(r.name())) {
            throw Refusal.badRequest("name must be 1-" + ChannelName.MAX_LENGTH + " letters or digits, with hyphens only inside");
        }
        if (ContentKeyPolicy.OPEN.equals(r.restriction())) {
            if (r.issuer() != null || r.audience() != null || r.requiredClaims() != null || r.verificationKeys() != null
                    || r.requireContentKeyIdentifierClaim() != null) {
                throw Refusal.badRequest("issuer, audience, requiredClaims, requireContentKeyIdentifierClaim and verificationKeys go only with restriction token");
            }
            return new ContentKeyPolicy(r.name(), ContentKeyPolicy.OPEN, null, null, Map.of(), false, List.of(), clock.instant());
        }
        if (!ContentKeyPolicy.TOKEN.equals(r.restriction())) throw Refusal.badRequest("restriction must be open or token");
        String issuer = text("issuer", r.issuer());
        String audience = text("audience", r.audience());
        Map<String, String> claims = new LinkedHashMap<>();
        if (r.requiredClaims() != null) {
            if (r.requiredClaims().size() > MAX_REQUIRED_CLAIMS) throw Refusal.badRequest("at most " + MAX_REQUIRED_CLAIMS + " requiredClaims");
            for (Map.Entry<String, String> e : r.requiredClaims().entrySet()) {
                String name = e.getKey();
                if (name == null || name.isEmpty() || name.length() > MAX_CLAIM_NAME) {
                    throw Refusal.badRequest("requiredClaims names are 1-" + MAX_CLAIM_NAME + " characters");
                }
                if (CHECKED_CLAIMS.contains(name)) throw Refusal.badRequest("requiredClaims cannot fix " + name + ": it is checked by its own rule");
                claims.put(name, text("requiredClaims." + name, e.getValue()));
            }
        }
        List<Map<String, Object>> keys = new ArrayList<>();
        if (r.verificationKeys() != null) {
            if (r.verificationKeys().isEmpty() || r.verificationKeys().size() > MAX_VERIFICATION_KEYS) {
                throw Refusal.badRequest("verificationKeys has 1-" + MAX_VERIFICATION_KEYS + " keys (leave it out for the platform's keys)");
            }
            for (int i = 0; i < r.verificationKeys().size(); i++) {
                JWK k;
                try {
                    k = JWK.parse(r.verificationKeys().get(i));
                } catch (ParseException | RuntimeException e) {
                    throw Refusal.badRequest("verificationKeys[" + i + "] is not a JWK (RFC 7517 section 4)");
                }
                if (k instanceof OctetSequenceKey) {
                    throw Refusal.badRequest("verificationKeys[" + i + "] is a symmetric key: policies keep public keys only (HS256 tokens verify with the platform's keys)");
                }
                if (k.isPrivate()) throw Refusal.badRequest("verificationKeys[" + i + "] has a private part: give the public key only");
                try {
                    new TokenRestriction(issuer, audience, Map.of(), false, List.of(k));
                } catch (IllegalArgumentException e) {
                    throw Refusal.badRequest("verificationKeys[" + i + "]: " + e.getMessage());
                }
                keys.add(k.toPublicJWK().toJSONObject());
            }
        }
        boolean requireKid = Boolean.TRUE.equals(r.requireContentKeyIdentifierClaim());
        return new ContentKeyPolicy(r.name(), ContentKeyPolicy.TOKEN, issuer, audience, claims, requireKid, keys, clock.instant());
    }

    private static String text(String field, String value) {
        if (value == null || value.isBlank()) throw Refusal.badRequest(field + " is required for restriction token");
        if (value.length() > MAX_TEXT) throw Refusal.badRequest(field + " is longer than " + MAX_TEXT + " characters");
        return value;
    }

    private static JWK jwk(Map<String, Object> json) {
        try {
            return JWK.parse(json);
        } catch (ParseException e) {
            throw new IllegalStateException("a stored verification key is not a JWK");
        }
    }

    private static String path(String name) { return PREFIX + name + ".json"; }
}
