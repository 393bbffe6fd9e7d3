package io.livepipe.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.livepipe.events.livepipe.LivepipeEventTypes;
import io.livepipe.events.media.MediaEventTypes;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docs/migrating-from-azure-media-services.md tells the truth: its marked example blocks are
 * run against the local platform with FFmpeg publishing to the ingest URL form it shows, and
 * every answer must be the one the guide states. Line format:
 * {@code METHOD PATH [JSON body] [anonymous] -> STATUS [content type]}.
 */
class MigrationGuideTest {
    static final Path GUIDE = LocalPlatformHarness.repoRoot().resolve("docs/migrating-from-azure-media-services.md");
    static final Pattern BLOCK = Pattern.compile("<!-- example: ([a-z-]+) -->\\s*```[a-z]*\\n(.*?)```", Pattern.DOTALL);
    static final Pattern LINE = Pattern.compile("(GET|POST|PATCH|DELETE|HEAD) (\\S+)(?: (\\{.*\\}))?( anonymous)? -> (\\d{3})(?: (\\S+))?");
    static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-zA-Z]+)\\}");

    static Map<String, String> blocks;
    static LocalPlatformHarness lp;
    /** Values earlier answers returned, by placeholder name: locator, streamKey, token. */
    static final Map<String, String> values = new HashMap<>();
    static String ingestUrlHandedOut;

    @BeforeAll
    static void runTheGuidesSetupWithFfmpegPublishing() throws Exception {
        blocks = blocks(Files.readString(GUIDE));
        assertTrue(blocks.keySet().containsAll(List.of("setup", "ingest", "stop", "playback", "events", "claims", "tokens")), blocks.keySet().toString());
        lp = new LocalPlatformHarness();
        List<JsonNode> answers = run("setup");
        ingestUrlHandedOut = answers.get(0).get("ingestUrl").asText();
        String ingest = substitute(blocks.get("ingest").strip())
                .replace("localhost:1935", "127.0.0.1:" + lp.platform.rtmpPort());
        Process ffmpeg = new ProcessBuilder("ffmpeg", "-hide_banner", "-loglevel", "error", "-re", "-f", "lavfi", "-i",
                "testsrc2=size=640x360:rate=30", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000", "-t", "9",
                "-c:v", "libx264", "-preset", "veryfast", "-g", "60", "-b:v", "600k", "-c:a", "aac", "-f", "flv", ingest)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertTrue(ffmpeg.waitFor(60, TimeUnit.SECONDS), "ffmpeg finished");
        assertEquals(0, ffmpeg.exitValue(), "ffmpeg published to " + ingest);
        Thread.sleep(1500);
        run("stop");
    }

    @AfterAll
    static void stop() {
        if (lp != null) lp.close();
    }

    static Map<String, String> blocks(String markdown) {
        Map<String, String> out = new LinkedHashMap<>();
        Matcher m = BLOCK.matcher(markdown);
        while (m.find()) assertEquals(null, out.put(m.group(1), m.group(2)), "example " + m.group(1) + " twice");
        return out;
    }

    static String substitute(String s) {
        Matcher m = PLACEHOLDER.matcher(s);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            String v = values.get(m.group(1));
            assertTrue(v != null, "no value yet for {" + m.group(1) + "} in " + s);
            m.appendReplacement(b, Matcher.quoteReplacement(v));
        }
        return m.appendTail(b).toString();
    }

    /** Runs each request line of a block, asserts its answer, and keeps the values it returned. */
    static List<JsonNode> run(String block) {
        List<JsonNode> answers = new ArrayList<>();
        for (String raw : blocks.get(block).strip().split("\n")) {
            Matcher m = LINE.matcher(raw.strip());
            assertTrue(m.matches(), block + ": not a request line: " + raw);
            // Placeholders in JSON bodies are substituted too, but JSON's own braces are not placeholders.
            String path = substitute(m.group(2));
            String body = m.group(3) == null ? null : substitute(m.group(3));
            Map<String, String> headers = new HashMap<>();
            if (path.startsWith("/api/") && m.group(4) == null) headers.put("x-functions-key", LocalPlatformHarness.KEY);
            if (body != null) headers.put("Content-Type", "application/json");
            HttpResponse<String> r = lp.send(m.group(1), path, body, headers);
            String where = block + ": " + m.group(1) + " " + path;
            assertEquals(Integer.parseInt(m.group(5)), r.statusCode(), where + " answered " + r.body());
            if (m.group(6) != null) {
                assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith(m.group(6)),
                        where + " Content-Type " + r.headers().firstValue("Content-Type"));
            }
            JsonNode json = null;
            if (r.headers().firstValue("Content-Type").orElse("").contains("json") && !r.body().isEmpty()) {
                json = LocalPlatformHarness.json(r);
                if (json.path("id").asText().matches("[0-9a-f]{32}")) values.put("locator", json.get("id").asText());
                if (json.hasNonNull("streamKey")) values.put("streamKey", json.get("streamKey").asText());
                if (json.hasNonNull("token")) values.put("token", json.get("token").asText());
            }
            answers.add(json);
        }
        return answers;
    }

    @Test
    void ingestUrlInTheGuideIsTheFormChannelsHandOut() {
        String shown = blocks.get("ingest").strip().replace("{streamKey}", values.get("streamKey"));
        String handedOut = ingestUrlHandedOut.replace("{streamKey}", values.get("streamKey"));
        assertEquals(shown.replace("localhost:1935", "127.0.0.1:" + lp.platform.rtmpPort()), handedOut);
    }

    @Test
    void mediaServicesAndShortUrlFormsAnswerAsTheGuideSays() {
        List<JsonNode> answers = run("playback");
        assertFalse(answers.isEmpty());
        String hls = lp.send("GET", "/" + values.get("locator") + "/news-show.ism/manifest(format=m3u8-cmaf)", null, Map.of()).body();
        assertTrue(hls.startsWith("#EXTM3U") && hls.contains("#EXT-X-STREAM-INF"), hls);
        String dash = lp.send("GET", "/" + values.get("locator") + "/news-show.ism/manifest(format=mpd-time-cmaf)", null, Map.of()).body();
        assertTrue(dash.contains("<MPD") && dash.contains("type=\"static\""), "the stopped program is VOD: " + dash);
    }

    @Test
    void eventsTheGuideListsReachedChannelEvents() throws Exception {
        Set<String> expected = new TreeSet<>(List.of(blocks.get("events").strip().split("\\s*\n\\s*")));
        Set<String> seen = new TreeSet<>();
        for (int i = 0; i < 50 && !seen.containsAll(expected); i++) {
            seen.clear();
            LocalPlatformHarness.json(lp.api("GET", "channels/news/events", null)).get("recentEvents")
                    .forEach(e -> seen.add(e.get("eventType").asText()));
            if (!seen.containsAll(expected)) Thread.sleep(200);
        }
        assertTrue(seen.containsAll(expected), "seen " + seen);
    }

    @Test
    void eventTypeTableNamesEveryTypeTheCodeHasAndNoOther() throws Exception {
        Set<String> code = new TreeSet<>();
        for (Class<?> c : List.of(MediaEventTypes.class, LivepipeEventTypes.class)) {
            for (Field f : c.getFields()) {
                if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) code.add((String) f.get(null));
            }
        }
        code.removeIf(t -> !t.startsWith("Microsoft.Media.LiveEvent") && !t.startsWith("Livepipe."));
        String guide = Files.readString(GUIDE);
        Set<String> named = new TreeSet<>();
        Matcher m = Pattern.compile("`((?:Microsoft\\.Media\\.LiveEvent|Livepipe\\.)[A-Za-z]+)`").matcher(guide);
        while (m.find()) named.add(m.group(1));
        assertEquals(code, named);
    }

    @Test
    void claimsExampleIsWhatTheTokenRouteIssues() throws Exception {
        JsonNode example = LocalPlatformHarness.JSON.readTree(blocks.get("claims"));
        assertEquals(Set.of("iss", "aud", "sub", "exp", "nbf", "iat", "jti", "urn:microsoft:azure:mediaservices:contentkeyidentifier"),
                new TreeSet<>(iterable(example.fieldNames())));
        run("tokens");
        String[] jwt = values.get("token").split("\\.");
        assertEquals(3, jwt.length, "a compact JWS");
        JsonNode claims = LocalPlatformHarness.JSON.readTree(new String(Base64.getUrlDecoder().decode(jwt[1]), StandardCharsets.UTF_8));
        for (String name : List.of("iss", "aud", "sub", "exp", "nbf", "iat", "jti")) assertTrue(claims.has(name), name + " in " + claims);
        assertEquals(example.get("iss").asText(), claims.get("iss").asText());
        assertEquals(example.get("aud").asText(), claims.get("aud").asText());
        assertEquals(values.get("locator"), claims.get("sub").asText());
    }

    static <T> List<T> iterable(java.util.Iterator<T> it) {
        List<T> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }
}
