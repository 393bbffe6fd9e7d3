package io.livepipe.protection;

import io.livepipe.http.Refusal;
import io.livepipe.json.JsonInput;
import io.livepipe.json.MalformedJsonException;
import io.livepipe.streaming.Locator;
import io.livepipe.streaming.LocatorService;
import io.livepipe.streaming.Protection;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Key and license delivery behind {@link KeyAuthorizer}: the 16 bytes of an HLS AES-128 key, a
 * W3C ClearKey license (EME §9.1.3 request, §9.1.4 response), and for Widevine, PlayReady and
 * FairPlay a token-checking proxy that forwards the player's challenge, unread, to the license
 * server configured for that system and returns its answer. Every request is bounded; keys
 * appear only in the answer to an authorized request, never in a log or an exception.
 */
public final class LicenseService {
    public static final int MAX_CLEARKEY_REQUEST = 4096;
    public static final int MAX_KIDS = 16;
    public static final int MAX_CHALLENGE = 64 * 1024;
    public static final int MAX_UPSTREAM_ANSWER = 1024 * 1024;
    public static final Duration UPSTREAM_TIMEOUT = Duration.ofSeconds(10);
    public static final List<String> PROXIED = List.of("widevine", "playready", "fairplay");

    private final LocatorService locators;
    private final KeyAuthorizer authorizer;
    private final ContentKeyStore keys;
    private final Map<String, String> upstreams;
    private final HttpClient http;

    /** {@code upstreams}: license server URL by system ({@code widevine}, {@code playready}, {@code fairplay}); absent or empty: none. */
    public LicenseService(LocatorService locators, KeyAuthorizer authorizer, ContentKeyStore keys, Map<String, String> upstreams) {
        this.locators = locators;
        this.authorizer = authorizer;
        this.keys = keys;
        this.upstreams = Map.copyOf(upstreams);
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** HLS AES-128 key delivery: the raw key {@code keyId} of an envelope locator. */
    public byte[] hlsKey(String locatorId, String keyId, String token) {
        UUID id = uuidOrNull(keyId);
        return authorizer.release(locatorId, id, token, l -> {
            if (l.scheme() != Protection.Scheme.ENVELOPE) throw Refusal.notFound("the locator's streaming policy delivers no AES-128 keys");
            if (id == null) throw Refusal.badRequest("a key id is a UUID");
        }).key();
    }

    /** A ClearKey license for the key ids the request names, as JSON. */
    public Map<String, Object> clearKey(String locatorId, String body, String token) {
        Locator l = locator(locatorId);
        clearKeyLicensed(l);
        if (body == null || body.length() > MAX_CLEARKEY_REQUEST) throw Refusal.badRequest("a ClearKey request of at most " + MAX_CLEARKEY_REQUEST + " bytes is required");
        ClearKeyRequest r;
        try {
            r = JsonInput.parse(body, ClearKeyRequest.class);
        } catch (MalformedJsonException e) {
            throw Refusal.badRequest("malformed ClearKey request: " + e.getMessage());
        }
        if (r.kids() == null || r.kids().isEmpty() || r.kids().size() > MAX_KIDS) {
            throw Refusal.badRequest("kids must list 1 to " + MAX_KIDS + " key ids");
        }
        List<Map<String, String>> out = new ArrayList<>();
        for (String kid : r.kids()) {
            UUID id = uuid(base64Url(kid));
            byte[] k = authorizer.release(l.id(), id, token, LicenseService::clearKeyLicensed).key();
            Map<String, String> jwk = new LinkedHashMap<>();
            jwk.put("kty", "oct");
            jwk.put("kid", kid);
            jwk.put("k", Base64.getUrlEncoder().withoutPadding().encodeToString(k));
            out.add(jwk);
        }
        Map<String, Object> license = new LinkedHashMap<>();
        license.put("keys", out);
        license.put("type", "persistent-license".equals(r.type()) ? "persistent-license" : "temporary");
        return license;
    }

    /** The license server's answer to a forwarded challenge. */
    public record UpstreamAnswer(int status, String contentType, byte[] body) { }

    /** Checks the token against the locator's policy (for its asset's key), then forwards the challenge. */
    public UpstreamAnswer forward(String system, String locatorId, String token, byte[] challenge, String contentType) {
        if (!PROXIED.contains(system)) throw Refusal.notFound("no license proxy for " + (system.matches("[a-z]{1,16}") ? system : "that system"));
        String upstream = upstreams.get(system);
        if (upstream == null || upstream.isBlank()) throw Refusal.notFound("no " + system + " license server is configured");
        Locator l = locator(locatorId);
        if (l.scheme() == Protection.Scheme.CLEAR || l.scheme() == Protection.Scheme.ENVELOPE) {
            throw Refusal.notFound("the locator's streaming policy has no DRM licenses");
        }
        UUID keyId = keys.existing(l.assetName(), l.assetCreated()).map(k -> k.contentKeys().get(0).keyId())
                .orElseThrow(() -> Refusal.notFound("the locator's asset has no keys"));
        authorizer.authorize(l, l.contentKeyPolicyName(), token, keyId);
        if (challenge == null || challenge.length == 0 || challenge.length > MAX_CHALLENGE) {
            throw Refusal.badRequest("a license challenge of 1 to " + MAX_CHALLENGE + " bytes is required");
        }
        HttpRequest req = HttpRequest.newBuilder(URI.create(upstream)).timeout(UPSTREAM_TIMEOUT)
                .header("Content-Type", contentType == null || contentType.length() > 128 ? "application/octet-stream" : contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(challenge)).build();
        try {
            HttpResponse<InputStream> res = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
            byte[] body;
            try (InputStream in = res.body()) {
                body = in.readNBytes(MAX_UPSTREAM_ANSWER + 1);
            }
            if (body.length > MAX_UPSTREAM_ANSWER) throw Refusal.badGateway("the license server's answer is too large");
            return new UpstreamAnswer(res.statusCode(), res.headers().firstValue("content-type").orElse("application/octet-stream"), body);
        } catch (IOException e) {
            throw Refusal.badGateway("the " + system + " license server did not answer").because(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Refusal.unavailable("interrupted");
        }
    }

    private Locator locator(String id) {
        return locators.find(id).orElseThrow(() -> Refusal.notFound("no such locator"));
    }

    private static void clearKeyLicensed(Locator l) {
        if (l.scheme() != Protection.Scheme.CENC && l.scheme() != Protection.Scheme.CBCS) {
            throw Refusal.notFound("the locator's streaming policy has no ClearKey licenses");
        }
    }

    /** The key id of a key URI, null if it is not a UUID in its 36-character form. */
    private static UUID uuidOrNull(String text) {
        try {
            return text == null || text.length() != 36 ? null : UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static UUID uuid(byte[] b) {
        if (b.length != 16) throw Refusal.badRequest("a key id is 16 bytes");
        ByteBuffer buf = ByteBuffer.wrap(b);
        return new UUID(buf.getLong(), buf.getLong());
    }

    private static byte[] base64Url(String s) {
        try {
            if (s == null || s.length() > 32) throw new IllegalArgumentException();
            return Base64.getUrlDecoder().decode(s);
        } catch (IllegalArgumentException e) {
            throw Refusal.badRequest("kids are base64url key ids");
        }
    }
}
