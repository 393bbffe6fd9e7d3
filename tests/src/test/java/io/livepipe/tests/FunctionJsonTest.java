package io.livepipe.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.azure.functions.annotation.EventGridTrigger;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import com.microsoft.azure.functions.annotation.TimerTrigger;
import io.livepipe.functions.FunctionCatalog;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code mvn package} of the functions module wrote the Functions staging folder: one
 * {@code function.json} for each {@code @FunctionName} of the catalog, with the bindings the
 * annotations declare (trigger type, route, methods, auth level), and the host.json beside them;
 * and the functions infra-bicep wires have the bindings that wiring assumes.
 */
class FunctionJsonTest {
    static final Path STAGING = LocalPlatformHarness.repoRoot().resolve("functions/target/azure-functions/livepipe");

    @Test
    void everyFunctionHasAFunctionJsonWithItsBindings() throws Exception {
        assertTrue(Files.isRegularFile(STAGING.resolve("host.json")), "run mvn package first: " + STAGING);
        Set<String> expected = new TreeSet<>();
        for (Class<?> c : FunctionCatalog.classes()) {
            for (Method m : c.getMethods()) {
                FunctionName fn = m.getAnnotation(FunctionName.class);
                if (fn == null) continue;
                expected.add(fn.value());
                JsonNode json = LocalPlatformHarness.JSON.readTree(STAGING.resolve(fn.value()).resolve("function.json").toFile());
                assertEquals(c.getName() + "." + m.getName(), json.get("entryPoint").asText());
                JsonNode trigger = json.get("bindings").get(0);
                for (Parameter p : m.getParameters()) {
                    HttpTrigger http = p.getAnnotation(HttpTrigger.class);
                    if (http != null) {
                        assertEquals("httpTrigger", trigger.get("type").asText(), fn.value());
                        assertEquals(http.route(), trigger.get("route").asText(), fn.value());
                        assertEquals(http.authLevel().name(), trigger.get("authLevel").asText(), fn.value());
                        Set<String> methods = new HashSet<>();
                        trigger.get("methods").forEach(n -> methods.add(n.asText().toUpperCase(Locale.ROOT)));
                        Set<String> declared = new HashSet<>();
                        Arrays.stream(http.methods()).forEach(x -> declared.add(x.name()));
                        assertEquals(declared, methods, fn.value());
                    }
                    if (p.getAnnotation(EventGridTrigger.class) != null) {
                        assertEquals("eventGridTrigger", trigger.get("type").asText(), fn.value());
                    }
                    TimerTrigger timer = p.getAnnotation(TimerTrigger.class);
                    if (timer != null) {
                        assertEquals("timerTrigger", trigger.get("type").asText(), fn.value());
                        assertEquals(timer.schedule(), trigger.get("schedule").asText(), fn.value());
                    }
                }
            }
        }
        Set<String> written = new TreeSet<>();
        try (Stream<Path> s = Files.list(STAGING)) {
            s.filter(d -> Files.isRegularFile(d.resolve("function.json"))).forEach(d -> written.add(d.getFileName().toString()));
        }
        assertEquals(expected, written);
        assertTrue(expected.containsAll(Set.of("Health", "ChannelEvents", "ChannelsCreate")));
    }

    static JsonNode trigger(String function) throws Exception {
        Path f = STAGING.resolve(function).resolve("function.json");
        assertTrue(Files.isRegularFile(f), "run mvn package first: no " + f);
        return LocalPlatformHarness.JSON.readTree(f.toFile()).get("bindings").get(0);
    }

    static Set<String> methods(JsonNode trigger) {
        Set<String> out = new TreeSet<>();
        trigger.get("methods").forEach(n -> out.add(n.asText().toUpperCase(Locale.ROOT)));
        return out;
    }

    @Test
    void functionsThatEventGridSubscriptionsTargetHaveEventGridTriggers() throws Exception {
        Set<String> targets = BicepTemplatesTest.subscriptionTargets();
        assertTrue(targets.containsAll(Set.of("ArchiveStamp", "ChannelEvents")), targets.toString());
        for (String t : targets) assertEquals("eventGridTrigger", trigger(t).get("type").asText(), t);
    }

    @Test
    void frontDoorReachesTheStreamingEndpointAndHealthAnonymously() throws Exception {
        // Front Door rewrites /{locator}/... to /api/streaming/{locator}/... and probes /api/health.
        JsonNode streaming = trigger("StreamingEndpoint");
        assertEquals("httpTrigger", streaming.get("type").asText());
        assertEquals("streaming/{*path}", streaming.get("route").asText());
        assertEquals("ANONYMOUS", streaming.get("authLevel").asText());
        assertEquals(Set.of("GET", "HEAD"), methods(streaming));
        JsonNode health = trigger("Health");
        assertEquals("health", health.get("route").asText());
        assertEquals("ANONYMOUS", health.get("authLevel").asText());
        String fd = BicepText.read(BicepTemplatesTest.INFRA.resolve("modules/front-door.bicep")).code;
        assertTrue(fd.contains("destination: '/api/" + streaming.get("route").asText().replace("{*path}", "") + "'"));
        assertTrue(fd.contains("probePath: '/api/" + health.get("route").asText() + "'"));
    }

    @Test
    void routesBehindTheKeyAndLicenseRouteOfFrontDoorAreAnonymous() throws Exception {
        // Players call these with a token and no function key; whichever exist must be anonymous.
        List<String> prefixes = List.of("keydelivery/", "license/", ".well-known/");
        int found = 0;
        try (Stream<Path> s = Files.list(STAGING)) {
            for (Path d : s.filter(x -> Files.isRegularFile(x.resolve("function.json"))).toList()) {
                JsonNode t = trigger(d.getFileName().toString());
                if (!t.has("route") || prefixes.stream().noneMatch(t.get("route").asText()::startsWith)) continue;
                found++;
                assertEquals("ANONYMOUS", t.get("authLevel").asText(), d.getFileName().toString());
            }
        }
        assertEquals(4, found, "KeyDelivery, ClearKeyLicense, LicenseProxy and Jwks");
    }

    @Test
    void timersTheRetentionRulesRelyOnArePackaged() throws Exception {
        // Storage lifecycle rules cannot tell referenced segments from others: RetentionSweep does.
        assertEquals("timerTrigger", trigger("RetentionSweep").get("type").asText());
        assertEquals("timerTrigger", trigger("ChannelWatch").get("type").asText());
    }
}
