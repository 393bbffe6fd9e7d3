package io.livepipe.local;

import io.livepipe.encoder.http.HostRequest;
import io.livepipe.encoder.http.HostResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FunctionHostTest {
    static final String KEY = "0123456789abcdef0123456789abcdef";
    final SampleFunctions functions = new SampleFunctions();
    final FunctionKeys keys = new FunctionKeys(KEY);
    final FunctionHost host = new FunctionHost(List.of(functions), keys);

    static HostRequest get(String path, Map<String, String> query, Map<String, String> headers) {
        return new HostRequest("GET", path, "", query, headers, new byte[0]);
    }

    static String body(HostResponse r) { return new String(r.body(), StandardCharsets.UTF_8); }

    @Test
    void anonymousRouteNeedsNoKey() {
        HostResponse r = host.handleApi(get("/api/open", Map.of(), Map.of()));
        assertEquals(200, r.status());
        assertEquals("open Open", body(r));
    }

    @Test
    void functionRouteWithoutKeyIs401() {
        HostResponse r = host.handleApi(get("/api/things/a/items/b", Map.of(), Map.of()));
        assertEquals(401, r.status());
    }

    @Test
    void functionRouteTakesKeyFromHeaderOrCodeParameter() {
        assertEquals(200, host.handleApi(get("/api/things/a/items/b", Map.of(), Map.of("x-functions-key", KEY))).status());
        assertEquals(200, host.handleApi(get("/api/things/a/items/b", Map.of("code", KEY), Map.of())).status());
        assertEquals(401, host.handleApi(get("/api/things/a/items/b", Map.of("code", KEY + "x"), Map.of())).status());
    }

    @Test
    void routeParametersAreBoundByNameAndOptionalOnesMayBeMissing() {
        Map<String, String> h = Map.of("x-functions-key", KEY);
        assertEquals("GET a b/c% body=-", body(host.handleApi(get("/api/things/a%20b/items/c%25", Map.of(), h))));
        assertEquals("GET a/null body=-", body(host.handleApi(get("/api/things/a/items", Map.of(), h))));
    }

    @Test
    void literalSegmentsWinOverParameters() {
        HostResponse r = host.handleApi(get("/api/things/special/items", Map.of(), Map.of("x-functions-key", KEY)));
        assertEquals("literal", body(r));
    }

    @Test
    void unknownRouteIs404AndWrongMethodIs405() {
        assertEquals(404, host.handleApi(get("/api/nothing/here", Map.of(), Map.of())).status());
        HostResponse r = host.handleApi(new HostRequest("DELETE", "/api/open", "", Map.of(), Map.of(), new byte[0]));
        assertEquals(405, r.status());
    }

    @Test
    void dotSegmentsAndEncodedSlashesAre400() {
        assertEquals(400, host.handleApi(get("/api/things/../open", Map.of(), Map.of())).status());
        assertEquals(400, host.handleApi(get("/api/things/a%2Fb/items", Map.of(), Map.of())).status());
        assertEquals(400, host.handleApi(get("/api/things/%zz/items", Map.of(), Map.of())).status());
    }

    @Test
    void binaryBodiesArriveAsBytes() {
        HostResponse r = host.handleApi(new HostRequest("POST", "/api/binary", "", Map.of(), Map.of(), new byte[] {0, 1, 2, (byte) 0xff}));
        assertEquals(200, r.status());
        assertEquals("4", body(r));
        assertTrue(r.headers().get("Content-Type").startsWith("application/json"));
    }

    @Test
    void failingFunctionIs500WithoutItsExceptionText() {
        HostResponse r = host.handleApi(get("/api/broken", Map.of(), Map.of()));
        assertEquals(500, r.status());
        assertFalse(body(r).contains("secret"));
    }

    @Test
    void eventGridFunctionsAreKnownByName() {
        assertEquals(java.util.Set.of("Recorder"), host.eventGridFunctionNames());
    }
}
