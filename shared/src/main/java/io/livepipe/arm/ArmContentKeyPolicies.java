package io.livepipe.arm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import io.livepipe.http.Refusal;
import io.livepipe.protection.AssetKeys;
import io.livepipe.protection.ContentKeyPolicy;
import io.livepipe.protection.ContentKeyPolicyRequest;
import io.livepipe.protection.ContentKeyPolicyService;
import io.livepipe.protection.ContentKeyStore;
import io.livepipe.protection.TrackKey;
import io.livepipe.streaming.Locator;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Content key policies in AMS's shape, over livepipe's: one option, its restriction open
 * ({@code #Microsoft.Media.ContentKeyPolicyOpenRestriction}) or a JWT token restriction
 * ({@code #Microsoft.Media.ContentKeyPolicyTokenRestriction}: issuer, audience, requiredClaims,
 * primary and alternate verification keys as RSA ({@code exponent}, {@code modulus}) or X.509
 * ({@code rawBody}) public keys, turned into JWKs). Symmetric keys and SWT are refused: livepipe's
 * policies keep public keys only. The option's configuration (ClearKey, Widevine, PlayReady,
 * FairPlay) is answered with its type: livepipe delivers keys itself and proxies DRM licenses.
 * livepipe keeps no secret of a policy, so {@code getPolicyPropertiesWithSecrets} shows what GET does.
 */
public final class ArmContentKeyPolicies {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String OPEN = "#Microsoft.Media.ContentKeyPolicyOpenRestriction";
    private static final String TOKEN = "#Microsoft.Media.ContentKeyPolicyTokenRestriction";
    private static final String CLEAR_KEY = "#Microsoft.Media.ContentKeyPolicyClearKeyConfiguration";
    private static final List<String> CONFIGURATIONS = List.of(CLEAR_KEY, "#Microsoft.Media.ContentKeyPolicyWidevineConfiguration",
            "#Microsoft.Media.ContentKeyPolicyPlayReadyConfiguration", "#Microsoft.Media.ContentKeyPolicyFairPlayConfiguration");

    private final Supplier<ContentKeyPolicyService> policies;
    private final Supplier<ContentKeyStore> keys;

    public ArmContentKeyPolicies(Supplier<ContentKeyPolicyService> policies, Supplier<ContentKeyStore> keys) {
        this.policies = policies;
        this.keys = keys;
    }

    List<ObjectNode> list(ArmApi.Call c) {
        List<ObjectNode> out = new ArrayList<>();
        for (ContentKeyPolicy p : policies.get().list()) out.add(view(c, p));
        return out;
    }

    ObjectNode get(ArmApi.Call c, String name, boolean withSecrets) {
        return view(c, policies.get().find(name)
                .orElseThrow(() -> ArmRefusal.notFound("Microsoft.Media/mediaservices/contentKeyPolicies", ArmJson.clip(name))));
    }

    ArmResponse put(ArmApi.Call c, String name, JsonNode body) {
        JsonNode options = body.path("properties").path("options");
        if (!options.isArray() || options.size() != 1) throw ArmRefusal.badRequest("properties.options must hold exactly one option (livepipe's policies have one restriction)");
        JsonNode option = options.get(0);
        String configuration = ArmJson.text(option.path("configuration"), "@odata.type");
        if (configuration == null || !CONFIGURATIONS.contains(configuration)) {
            throw ArmRefusal.badRequest("options[0].configuration.@odata.type must be one of " + CONFIGURATIONS);
        }
        JsonNode r = option.path("restriction");
        String type = ArmJson.text(r, "@odata.type");
        ContentKeyPolicyRequest request;
        if (OPEN.equals(type)) {
            request = new ContentKeyPolicyRequest(name, ContentKeyPolicy.OPEN, null, null, null, null, null);
        } else if (TOKEN.equals(type)) {
            String tokenType = ArmJson.text(r, "restrictionTokenType");
            if (tokenType != null && !tokenType.equalsIgnoreCase("Jwt")) throw ArmRefusal.notSupported("restrictionTokenType " + ArmJson.clip(tokenType) + " (JWT only)");
            List<Map<String, Object>> jwks = new ArrayList<>();
            if (r.hasNonNull("primaryVerificationKey")) jwks.add(jwk(r.get("primaryVerificationKey"), "primaryVerificationKey"));
            JsonNode alternates = r.path("alternateVerificationKeys");
            if (alternates.isArray()) for (int i = 0; i < alternates.size(); i++) jwks.add(jwk(alternates.get(i), "alternateVerificationKeys[" + i + "]"));
            Map<String, String> claims = new LinkedHashMap<>();
            Boolean requireKid = null;
            JsonNode required = r.path("requiredClaims");
            if (required.isArray()) {
                for (JsonNode claim : required) {
                    String claimType = ArmJson.text(claim, "claimType");
                    if (claimType == null) throw ArmRefusal.badRequest("requiredClaims[].claimType is required");
                    String value = ArmJson.text(claim, "claimValue");
                    if (claimType.equals("urn:microsoft:azure:mediaservices:contentkeyidentifier") && value == null) requireKid = true;
                    else claims.put(claimType, value == null ? "" : value);
                }
            }
            request = new ContentKeyPolicyRequest(name, ContentKeyPolicy.TOKEN, ArmJson.text(r, "issuer"), ArmJson.text(r, "audience"),
                    claims.isEmpty() ? null : claims, requireKid, jwks.isEmpty() ? null : jwks);
        } else {
            throw ArmRefusal.badRequest("options[0].restriction.@odata.type must be " + OPEN + " or " + TOKEN);
        }
        boolean existed = policies.get().find(name).isPresent();
        if (existed) throw ArmRefusal.conflict("content key policy " + name + " exists; delete it to change it (livepipe's policies do not change in place)");
        ContentKeyPolicy p = policies.get().create(request);
        return ArmJson.ok(201, view(c, p));
    }

    ArmResponse delete(String name) {
        if (policies.get().find(name).isEmpty()) return new ArmResponse(204, Map.of(), null);
        policies.get().delete(name);
        return new ArmResponse(200, Map.of(), null);
    }

    /** {@code listContentKeys}: the key ids of a protected locator's asset (values are never handed out here). */
    List<Map<String, Object>> contentKeys(Locator l) {
        if (l.scheme() == io.livepipe.streaming.Protection.Scheme.CLEAR) return List.of();
        Optional<AssetKeys> k = keys.get().existing(l.assetName(), l.assetCreated());
        String type = switch (l.scheme()) {
            case ENVELOPE -> "EnvelopeEncryption";
            case CENC -> "CommonEncryptionCenc";
            default -> "CommonEncryptionCbcs";
        };
        List<Map<String, Object>> out = new ArrayList<>();
        for (TrackKey t : k.map(AssetKeys::keys).orElse(List.of())) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", t.key().keyIdText());
            m.put("type", type);
            // one key for every track (no track type), or one per track type (keyPerTrackType)
            m.put("labelReferenceInStreamingPolicy", t.track() == null ? "default" : t.track().name().toLowerCase(java.util.Locale.ROOT));
            if (l.contentKeyPolicyName() != null) m.put("policyName", l.contentKeyPolicyName());
            m.put("tracks", List.of());
            out.add(m);
        }
        return out;
    }

    private static Map<String, Object> jwk(JsonNode key, String field) {
        String type = ArmJson.text(key, "@odata.type");
        if (type == null) throw ArmRefusal.badRequest(field + ".@odata.type is required");
        try {
            JWK jwk = switch (type) {
                case "#Microsoft.Media.ContentKeyPolicyRsaTokenKey" -> new RSAKey.Builder(
                        Base64URL.encode(new BigInteger(1, bytes(key, "modulus", field))), Base64URL.encode(new BigInteger(1, bytes(key, "exponent", field))))
                        .keyID(UUID.randomUUID().toString()).algorithm(com.nimbusds.jose.JWSAlgorithm.RS256).build();
                case "#Microsoft.Media.ContentKeyPolicyX509CertificateTokenKey" -> {
                    X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509")
                            .generateCertificate(new ByteArrayInputStream(bytes(key, "rawBody", field)));
                    JWK k = JWK.parse(cert);
                    yield k instanceof RSAKey rsa ? new RSAKey.Builder(rsa).keyID(UUID.randomUUID().toString()).algorithm(com.nimbusds.jose.JWSAlgorithm.RS256).build()
                            : new com.nimbusds.jose.jwk.ECKey.Builder((com.nimbusds.jose.jwk.ECKey) k).keyID(UUID.randomUUID().toString())
                                    .algorithm(com.nimbusds.jose.JWSAlgorithm.ES256).build();
                }
                case "#Microsoft.Media.ContentKeyPolicySymmetricTokenKey" -> throw ArmRefusal.notSupported(field
                        + " as a symmetric key: livepipe's policies keep public keys only (give an RSA or X.509 key, or none for the platform's own keys)");
                default -> throw ArmRefusal.badRequest(field + ".@odata.type must be an RSA, X.509 or symmetric token key");
            };
            return jwk.toPublicJWK().toJSONObject();
        } catch (Refusal e) {
            throw e;
        } catch (Exception e) {
            throw ArmRefusal.badRequest(field + " is not a usable key (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static byte[] bytes(JsonNode key, String name, String field) {
        String v = ArmJson.text(key, name);
        if (v == null || v.isEmpty()) throw ArmRefusal.badRequest(field + "." + name + " is required (base64)");
        try {
            return Base64.getDecoder().decode(v);
        } catch (IllegalArgumentException e) {
            throw ArmRefusal.badRequest(field + "." + name + " is not base64");
        }
    }

    private ObjectNode view(ArmApi.Call c, ContentKeyPolicy p) {
        ObjectNode o = ArmJson.resource(c, "/contentKeyPolicies/" + p.name(), p.name(), "Microsoft.Media/mediaservices/contentKeyPolicies");
        ObjectNode props = o.putObject("properties");
        String id = UUID.nameUUIDFromBytes(("policy:" + p.name() + ":" + p.created()).getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString();
        props.put("policyId", id);
        props.put("created", p.created().toString());
        props.put("lastModified", p.created().toString());
        ArrayNode options = props.putArray("options");
        ObjectNode option = options.addObject();
        option.put("policyOptionId", id);
        option.put("name", p.restriction());
        option.putObject("configuration").put("@odata.type", CLEAR_KEY);
        ObjectNode r = option.putObject("restriction");
        if (p.isOpen()) {
            r.put("@odata.type", OPEN);
        } else {
            r.put("@odata.type", TOKEN);
            r.put("issuer", p.issuer());
            r.put("audience", p.audience());
            r.put("restrictionTokenType", "Jwt");
            List<Map<String, Object>> ks = p.verificationKeys();
            ArrayNode alternates = NODES.arrayNode();
            for (int i = 0; i < ks.size(); i++) {
                ObjectNode k = NODES.objectNode();
                Object n = ks.get(i).get("n");
                if ("RSA".equals(ks.get(i).get("kty")) && n != null && ks.get(i).get("x5c") == null) {
                    k.put("@odata.type", "#Microsoft.Media.ContentKeyPolicyRsaTokenKey");
                    k.put("exponent", Base64.getEncoder().encodeToString(new Base64URL((String) ks.get(i).get("e")).decode()));
                    k.put("modulus", Base64.getEncoder().encodeToString(new Base64URL((String) n).decode()));
                } else {
                    // an X.509 key keeps its certificate as the JWK's x5c (RFC 7517 §4.7: base64 DER, as rawBody was)
                    Object x5c = ks.get(i).get("x5c");
                    k.put("@odata.type", "#Microsoft.Media.ContentKeyPolicyX509CertificateTokenKey");
                    k.put("rawBody", x5c instanceof List<?> chain && !chain.isEmpty() ? chain.get(0).toString() : "");
                }
                if (i == 0) r.set("primaryVerificationKey", k);
                else alternates.add(k);
            }
            r.set("alternateVerificationKeys", alternates);
            ArrayNode claims = r.putArray("requiredClaims");
            p.requiredClaims().forEach((t, v) -> claims.addObject().put("claimType", t).put("claimValue", v));
            if (p.requireContentKeyIdentifierClaim()) claims.addObject().put("claimType", "urn:microsoft:azure:mediaservices:contentkeyidentifier");
        }
        return o;
    }
}
