package io.livepipe.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.livepipe.encoder.http.HostRequest;
import io.livepipe.encoder.http.HostResponse;
import io.livepipe.json.JsonInput;
import io.livepipe.json.MalformedJsonException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Logger;

/**
 * One-time sign-in links for the console on the local host, so that a newcomer never pastes
 * the function key and the key never travels in a URL.
 *
 * <p>{@code POST /console/signin-codes} (function key) makes a code: 128 random bits, valid
 * {@link #CODE_LIFETIME}, usable once. The launcher prints {@code http://HOST:PORT/#signin=CODE}:
 * the code sits in the URL's fragment, which browsers never send (no server, proxy or cache log
 * sees it), and the page removes it from the address bar and its history at once. The page then
 * posts it in a body to {@code POST /console/signin} (anonymous), which answers the function key
 * once and forgets the code. At most {@link #MAX_OPEN_CODES} codes are open; a new one retires
 * the oldest. Codes are kept only as SHA-256 digests, in memory: a restart retires them all.
 *
 * <p>This is the local host's own route, not a function: in Azure the Functions host owns its
 * keys, and an operator signs in with a host key (docs/console.md).
 */
final class ConsoleSignIn {
    static final String CODES_PATH = "/console/signin-codes";
    static final String SIGN_IN_PATH = "/console/signin";
    static final Duration CODE_LIFETIME = Duration.ofMinutes(10);
    static final int MAX_OPEN_CODES = 8;
    /** A sign-in body is {@code {"code":"<32 hex>"}}: anything much longer is not one. */
    static final int MAX_BODY_BYTES = 256;
    private static final Logger LOG = Logger.getLogger(ConsoleSignIn.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();

    private final FunctionKeys keys;
    private final String functionKey;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    /** Digest (hex) of each open code → its expiry, oldest first. Guarded by this. */
    private final LinkedHashMap<String, Instant> open = new LinkedHashMap<>();

    /** The sign-in body, read through the platform's bounded JSON input (JsonBodiesFuzzTest fuzzes it). */
    record Request(String code) { }

    ConsoleSignIn(FunctionKeys keys, String functionKey, Clock clock) {
        this.keys = keys;
        this.functionKey = functionKey;
        this.clock = clock;
    }

    static boolean handles(String path) { return path.equals(CODES_PATH) || path.equals(SIGN_IN_PATH); }

    HostResponse handle(HostRequest request) {
        if (!request.method().equals("POST")) return HostResponse.problem(405, "use POST");
        if (request.rawPath().equals(CODES_PATH)) {
            if (!keys.permits(request)) {
                return HostResponse.problem(401, "a function key is required (x-functions-key header or code query parameter)");
            }
            String code = newCode();
            return json(201, Map.of("code", code, "expires", clock.instant().plus(CODE_LIFETIME).toString()));
        }
        return signIn(request.body());
    }

    /** A fresh one-time code (also for the launcher through the route above). */
    String newCode() {
        byte[] b = new byte[16];
        random.nextBytes(b);
        String code = HexFormat.of().formatHex(b);
        synchronized (this) {
            expire();
            while (open.size() >= MAX_OPEN_CODES) {
                Iterator<String> oldest = open.keySet().iterator();
                oldest.next();
                oldest.remove();
            }
            open.put(digest(code), clock.instant().plus(CODE_LIFETIME));
        }
        LOG.info(() -> "event=console_signin_code_made lifetime=" + CODE_LIFETIME);
        return code;
    }

    private HostResponse signIn(byte[] body) {
        if (body == null || body.length == 0) return HostResponse.problem(400, "the body must be {\"code\":\"...\"}");
        if (body.length > MAX_BODY_BYTES) return HostResponse.problem(413, "a sign-in body is at most " + MAX_BODY_BYTES + " bytes");
        String code;
        try {
            Request r = JsonInput.parse(new String(body, StandardCharsets.UTF_8), Request.class);
            if (r.code() == null) return HostResponse.problem(400, "the body must be {\"code\":\"...\"}");
            code = r.code();
        } catch (MalformedJsonException e) {
            return HostResponse.refused(e);
        }
        Instant expires;
        synchronized (this) {
            expire();
            expires = open.remove(digest(code));
        }
        if (expires == null) {
            LOG.info("event=console_signin_refused reason=unknown_or_used_code");
            return HostResponse.problem(403, "this sign-in link is unknown, used or expired: run ./livepipe signin for a new one");
        }
        LOG.info("event=console_signed_in");
        return json(200, Map.of("functionKey", functionKey));
    }

    private void expire() {
        Instant now = clock.instant();
        open.values().removeIf(e -> !e.isAfter(now));
    }

    private static String digest(String code) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(code.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static HostResponse json(int status, Map<String, String> body) {
        try {
            return new HostResponse(status, Map.of("Content-Type", "application/json", "Cache-Control", "no-store"),
                    JSON.writeValueAsBytes(body));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
