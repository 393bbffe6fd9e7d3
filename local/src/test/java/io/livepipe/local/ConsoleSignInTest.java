package io.livepipe.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.livepipe.encoder.http.HostRequest;
import io.livepipe.encoder.http.HostResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConsoleSignInTest {
    static final String KEY = "console-test-key-0123456789";
    static final ObjectMapper JSON = new ObjectMapper();

    /** A clock the test moves. */
    static final class MovableClock extends Clock {
        Instant now = Instant.parse("2026-12-04T12:00:00Z");
        @Override public ZoneId getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(ZoneId zone) { return this; }
        @Override public Instant instant() { return now; }
    }

    final MovableClock clock = new MovableClock();
    final ConsoleSignIn signIn = new ConsoleSignIn(new FunctionKeys(KEY), KEY, clock);

    static HostRequest post(String path, Map<String, String> headers, String body) {
        return new HostRequest("POST", path, "", Map.of(), headers, body.getBytes(StandardCharsets.UTF_8));
    }

    String code() throws Exception {
        HostResponse r = signIn.handle(post(ConsoleSignIn.CODES_PATH, Map.of("x-functions-key", KEY), ""));
        assertEquals(201, r.status());
        assertEquals("no-store", r.headers().get("Cache-Control"));
        return JSON.readTree(r.body()).get("code").asText();
    }

    HostResponse exchange(String code) {
        return signIn.handle(post(ConsoleSignIn.SIGN_IN_PATH, Map.of(), "{\"code\":\"" + code + "\"}"));
    }

    @Test
    void aCodeIsExchangedForTheFunctionKeyOnce() throws Exception {
        String code = code();
        assertTrue(code.matches("[0-9a-f]{32}"), code);
        assertFalse(code.contains(KEY));
        HostResponse first = exchange(code);
        assertEquals(200, first.status());
        JsonNode body = JSON.readTree(first.body());
        assertEquals(KEY, body.get("functionKey").asText());
        assertEquals("no-store", first.headers().get("Cache-Control"));
        HostResponse again = exchange(code);
        assertEquals(403, again.status());
        assertFalse(new String(again.body(), StandardCharsets.UTF_8).contains(KEY));
    }

    @Test
    void makingACodeNeedsTheFunctionKey() {
        assertEquals(401, signIn.handle(post(ConsoleSignIn.CODES_PATH, Map.of(), "")).status());
        assertEquals(401, signIn.handle(post(ConsoleSignIn.CODES_PATH, Map.of("x-functions-key", "wrong-key-0123456789"), "")).status());
    }

    @Test
    void aCodeExpiresAfterItsLifetime() throws Exception {
        String code = code();
        clock.now = clock.now.plus(ConsoleSignIn.CODE_LIFETIME).plus(Duration.ofSeconds(1));
        assertEquals(403, exchange(code).status());
    }

    @Test
    void theOldestOpenCodeIsRetiredBeyondTheBound() throws Exception {
        String oldest = code();
        for (int i = 0; i < ConsoleSignIn.MAX_OPEN_CODES; i++) code();
        assertEquals(403, exchange(oldest).status());
    }

    @Test
    void badBodiesAreClear4xx() {
        assertEquals(400, signIn.handle(post(ConsoleSignIn.SIGN_IN_PATH, Map.of(), "")).status());
        assertEquals(400, signIn.handle(post(ConsoleSignIn.SIGN_IN_PATH, Map.of(), "not json")).status());
        assertEquals(400, signIn.handle(post(ConsoleSignIn.SIGN_IN_PATH, Map.of(), "{\"code\":\"x\",\"more\":1}")).status());
        assertEquals(400, signIn.handle(post(ConsoleSignIn.SIGN_IN_PATH, Map.of(), "{}")).status());
        assertEquals(400, signIn.handle(post(ConsoleSignIn.SIGN_IN_PATH, Map.of(), "[]")).status());
        assertEquals(413, signIn.handle(post(ConsoleSignIn.SIGN_IN_PATH, Map.of(), "{\"code\":\"" + "a".repeat(400) + "\"}")).status());
        assertEquals(403, exchange("0".repeat(32)).status());
        assertEquals(405, signIn.handle(new HostRequest("GET", ConsoleSignIn.SIGN_IN_PATH, "", Map.of(), Map.of(), new byte[0])).status());
    }
}
