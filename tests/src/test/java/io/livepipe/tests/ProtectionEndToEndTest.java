package io.livepipe.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Content protection with real decryptors no one here wrote: FFmpeg decrypts our cenc output
 * with the key a ClearKey license hands out and decodes the same frames as the clear copy;
 * hls.js plays envelope (AES-128) HLS with its key fetched through a token, shaka-player plays
 * cenc and cbcs DASH through the ClearKey license endpoint with a token, in headless Chromium.
 * Without a token, or with a bad one, keys and licenses are 401/403 and playback fails.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProtectionEndToEndTest {
    static final List<String> log = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    static final Handler capture = new Handler() {
        @Override public void publish(LogRecord r) { log.add(new SimpleFormatter().format(r)); }
        @Override public void flush() { }
        @Override public void close() { }
    };
    static LocalPlatformHarness lp;
    static final Map<String, String> locators = new java.util.HashMap<>();
    static final Map<String, String> tokens = new java.util.HashMap<>();

    @BeforeAll
    static void recordAndPublish() throws Exception {
        Logger.getLogger("").addHandler(capture);
        lp = new LocalPlatformHarness();
        String key = LocalPlatformHarness.json(lp.api("POST", "channels", "{\"name\":\"sec\",\"keyFrameInterval\":\"PT2S\"}")).get("streamKey").asText();
        lp.api("POST", "channels/sec/start", null);
        assertEquals(201, lp.api("POST", "channels/sec/programs", "{\"name\":\"p\",\"assetName\":\"sec-p\",\"archiveWindow\":\"PT10M\"}").statusCode());
        Process publisher = new ProcessBuilder("ffmpeg", "-hide_banner", "-loglevel", "error", "-re", "-f", "lavfi", "-i",
                "testsrc2=size=640x360:rate=30", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000", "-t", "24",
                "-c:v", "libx264", "-preset", "veryfast", "-profile:v", "main", "-g", "60", "-b:v", "600k", "-c:a", "aac", "-f", "flv",
                "rtmp://127.0.0.1:" + lp.platform.rtmpPort() + "/live/" + key)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertEquals(201, lp.api("POST", "contentkeypolicies", "{\"name\":\"viewers\",\"restriction\":\"token\",\"issuer\":\"livepipe\","
                + "\"audience\":\"livepipe-playback\"}").statusCode());
        assertTrue(publisher.waitFor(60, TimeUnit.SECONDS));
        Thread.sleep(1500);
        lp.api("POST", "channels/sec/programs/p/stop", null);
        for (String policy : List.of("clear", "envelope", "cenc", "cbcs")) {
            String body = "{\"assetName\":\"sec-p\",\"streamingPolicy\":\"" + policy + "\""
                    + (policy.equals("clear") ? "" : ",\"contentKeyPolicyName\":\"viewers\"") + "}";
            HttpResponse<String> r = lp.api("POST", "locators", body);
            assertEquals(201, r.statusCode(), r.body());
            String id = LocalPlatformHarness.json(r).get("id").asText();
            locators.put(policy, id);
            if (!policy.equals("clear")) tokens.put(policy, LocalPlatformHarness.json(lp.api("POST", "locators/" + id + "/token", null)).get("token").asText());
        }
    }

    @AfterAll
    static void stop() {
        lp.close();
        Logger.getLogger("").removeHandler(capture);
    }

    static String kidOf(String mpd) {
        Matcher m = Pattern.compile("cenc:default_KID=\"([0-9a-f-]{36})\"").matcher(mpd);
        assertTrue(m.find(), mpd);
        return m.group(1);
    }

    static String b64url(UUID id) {
        byte[] b = java.nio.ByteBuffer.allocate(16).putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits()).array();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    HttpResponse<String> clearKeyLicense(String policy, String kid, Map<String, String> headers) {
        return lp.send("POST", "/api/license/clearkey/" + locators.get(policy), "{\"kids\":[\"" + b64url(UUID.fromString(kid)) + "\"],\"type\":\"temporary\"}", headers);
    }

    /** The video init segment and first five segments of a locator, concatenated. */
    static byte[] videoStream(String locator) throws Exception {
        String playlist = lp.send("GET", "/" + locators.get("clear") + "/video.m3u8", null, Map.of()).body();
        Matcher map = Pattern.compile("#EXT-X-MAP:URI=\"([^\"]+)\"").matcher(playlist);
        assertTrue(map.find(), playlist);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(lp.bytes("/" + locator + "/" + map.group(1)));
        playlist.lines().filter(l -> l.endsWith(".m4s")).limit(5).forEach(s -> out.writeBytes(lp.bytes("/" + locator + "/" + s)));
        return out.toByteArray();
    }

    /** FFmpeg's frame MD5s of an fMP4 fed through a pipe (FFmpeg 5.1 decrypts multi-fragment cenc when it is not seekable). */
    static List<String> frameMd5s(byte[] mp4, String keyHex) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("ffmpeg", "-v", "error"));
        if (keyHex != null) cmd.addAll(List.of("-decryption_key", keyHex));
        cmd.addAll(List.of("-i", "pipe:0", "-map", "0:v", "-f", "framemd5", "pipe:1"));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        Thread feed = new Thread(() -> {
            try (OutputStream in = p.getOutputStream()) {
                in.write(mp4);
            } catch (java.io.IOException ignored) {
                // FFmpeg stopped reading; its exit code says why
            }
        });
        feed.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        feed.join();
        assertEquals(0, p.exitValue());
        return out.lines().filter(l -> !l.startsWith("#")).toList();
    }

    @Test
    void ffmpegDecryptsOurCencWithTheKeyFromTheClearKeyLicense() throws Exception {
        String mpd = lp.send("GET", "/" + locators.get("cenc") + "/manifest.mpd", null, Map.of()).body();
        assertTrue(mpd.contains("value=\"cenc\"") && mpd.contains("<cenc:pssh>") && mpd.contains("<mspr:pro>"), mpd);
        String kid = kidOf(mpd);
        HttpResponse<String> license = clearKeyLicense("cenc", kid, Map.of("Authorization", "Bearer " + tokens.get("cenc")));
        assertEquals(200, license.statusCode(), license.body());
        String keyHex = HexFormat.of().formatHex(Base64.getUrlDecoder().decode(LocalPlatformHarness.json(license).at("/keys/0/k").asText()));
        byte[] clear = videoStream(locators.get("clear"));
        byte[] encrypted = videoStream(locators.get("cenc"));
        assertFalse(Arrays.equals(clear, encrypted));
        assertTrue(new String(encrypted, java.nio.charset.StandardCharsets.ISO_8859_1).contains("encv"), "protected sample entry");
        List<String> reference = frameMd5s(clear, null);
        assertTrue(reference.size() >= 120, "five 2 s segments at 30 fps: " + reference.size());
        assertEquals(reference, frameMd5s(encrypted, keyHex), "the decrypted frames are the clear frames");
        assertArrayEquals(encrypted, videoStream(locators.get("cenc")), "the same URL gives the same bytes: a CDN may cache them");
    }

    /**
     * The local host answers a whole cenc/cbcs segment as a new head plus the rest encrypted in the
     * array it read (zero-copy): the same bytes as the copying path a byte range takes, the same
     * length on HEAD, and the same again on a second request (the read's array is never shared).
     */
    @Test
    void segmentsEncryptedInPlaceAreTheBytesOfTheCopyingPath() throws Exception {
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        String playlist = lp.send("GET", "/" + locators.get("clear") + "/video.m3u8", null, Map.of()).body();
        List<String> segments = playlist.lines().filter(l -> l.endsWith(".m4s")).limit(3).toList();
        assertEquals(3, segments.size(), playlist);
        for (String scheme : List.of("cenc", "cbcs")) {
            for (String segment : segments) {
                java.net.URI uri = java.net.URI.create(lp.base + "/" + locators.get(scheme) + "/" + segment);
                byte[] whole = lp.bytes(uri.getRawPath());
                HttpResponse<byte[]> ranged = http.send(java.net.http.HttpRequest.newBuilder(uri).header("Range", "bytes=0-").build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                assertEquals(206, ranged.statusCode(), scheme + " " + segment);
                assertArrayEquals(ranged.body(), whole, scheme + " " + segment + ": in place as by copy");
                HttpResponse<Void> head = http.send(java.net.http.HttpRequest.newBuilder(uri).method("HEAD", java.net.http.HttpRequest.BodyPublishers.noBody())
                        .build(), HttpResponse.BodyHandlers.discarding());
                assertEquals(Integer.toString(whole.length), head.headers().firstValue("content-length").orElse(""));
                assertArrayEquals(whole, lp.bytes(uri.getRawPath()), "the same bytes again");
            }
        }
    }

    @Test
    void hlsJsPlaysEnvelopeHlsWithTheKeyFetchedThroughAToken() throws Exception {
        String media = lp.send("GET", "/" + locators.get("envelope") + "/video.m3u8", null, Map.of()).body();
        assertTrue(media.contains("#EXT-X-KEY:METHOD=AES-128,URI=\"http://127.0.0.1:") && media.contains(",IV=0x"), media);
        assertTrue(media.indexOf("#EXT-X-MAP") < media.indexOf("#EXT-X-KEY"), "the init segment stays clear");
        JsonNode played = lp.play(lp.base + "/" + locators.get("envelope") + "/master.m3u8", 10, 40, tokens.get("envelope"));
        BrowserPlaybackTest.assertPlayed(played, "hls.js", false);
        JsonNode refused = lp.play(lp.base + "/" + locators.get("envelope") + "/master.m3u8", 10, 25, null);
        assertTrue(refused.get("errors").size() > 0 && refused.get("currentTime").asDouble() < 1, "no token, no key: " + refused);
    }

    @Test
    void shakaPlaysCencDashThroughTheClearKeyLicenseWithAToken() throws Exception {
        BrowserPlaybackTest.assertPlayed(lp.play(lp.base + "/" + locators.get("cenc") + "/manifest.mpd", 10, 40, tokens.get("cenc")),
                "shaka-player", false);
        JsonNode refused = lp.play(lp.base + "/" + locators.get("cenc") + "/manifest.mpd", 10, 25, "not.a.token");
        assertTrue(refused.get("errors").size() > 0 && refused.get("currentTime").asDouble() < 1, "a bad token, no license: " + refused);
    }

    @Test
    void shakaPlaysCbcsDashThroughTheClearKeyLicenseWithAToken() throws Exception {
        String mpd = lp.send("GET", "/" + locators.get("cbcs") + "/manifest.mpd", null, Map.of()).body();
        assertTrue(mpd.contains("value=\"cbcs\""), mpd);
        BrowserPlaybackTest.assertPlayed(lp.play(lp.base + "/" + locators.get("cbcs") + "/manifest.mpd", 10, 40, tokens.get("cbcs")),
                "shaka-player", false);
    }

    @Test
    void keysAndLicensesNeedAValidTokenForTheirLocator() {
        String kid = kidOf(lp.send("GET", "/" + locators.get("cenc") + "/manifest.mpd", null, Map.of()).body());
        assertEquals(401, clearKeyLicense("cenc", kid, Map.of()).statusCode());
        String token = tokens.get("cenc");
        String tampered = token.substring(0, token.length() - 4) + (token.endsWith("AAAA") ? "BBBB" : "AAAA");
        assertEquals(401, clearKeyLicense("cenc", kid, Map.of("Authorization", "Bearer " + tampered)).statusCode());
        int other = clearKeyLicense("cenc", kid, Map.of("Authorization", "Bearer " + tokens.get("cbcs"))).statusCode();
        assertTrue(other == 401 || other == 403, "a token for another locator: " + other);
        String media = lp.send("GET", "/" + locators.get("envelope") + "/video.m3u8", null, Map.of()).body();
        Matcher uri = Pattern.compile("URI=\"http://127\\.0\\.0\\.1:\\d+(/api/keydelivery/[^\"]+)\"").matcher(media);
        assertTrue(uri.find(), media);
        assertEquals(401, lp.send("GET", uri.group(1), null, Map.of()).statusCode());
        HttpResponse<String> withQueryToken = lp.send("GET", uri.group(1) + "?token=" + tokens.get("envelope"), null, Map.of());
        assertEquals(200, withQueryToken.statusCode());
        assertEquals("no-store", withQueryToken.headers().firstValue("Cache-Control").orElse(""));
        assertNotEquals(200, lp.send("GET", "/" + locators.get("cenc") + "/sec-p.ism/manifest(format=mpd-time-cmaf,encryption=cbc)", null, Map.of()).statusCode());
        assertEquals(200, lp.send("GET", "/" + locators.get("cenc") + "/sec-p.ism/manifest(format=mpd-time-cmaf,encryption=cenc)", null, Map.of()).statusCode());
        assertEquals(200, lp.send("GET", "/" + locators.get("cbcs") + "/sec-p.ism/manifest(format=m3u8-cmaf,encryption=cbcs-aapl)", null, Map.of()).statusCode());
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void noKeyOrTokenReachesTheLog() {
        String kid = kidOf(lp.send("GET", "/" + locators.get("cenc") + "/manifest.mpd", null, Map.of()).body());
        String k = LocalPlatformHarness.json(clearKeyLicense("cenc", kid, Map.of("Authorization", "Bearer " + tokens.get("cenc")))).at("/keys/0/k").asText();
        byte[] key = Base64.getUrlDecoder().decode(k);
        List<String> secrets = new java.util.ArrayList<>(tokens.values());
        secrets.addAll(List.of(k, HexFormat.of().formatHex(key), Base64.getEncoder().encodeToString(key)));
        for (String t : tokens.values()) secrets.add(t.substring(t.lastIndexOf('.') + 1));
        assertTrue(log.stream().anyMatch(l -> l.contains("event=encoder_connected channel=sec")), "the capture sees the platform's log: " + log);
        synchronized (log) {
            for (String line : log) for (String secret : secrets) assertFalse(line.contains(secret), "a secret in the log: " + line);
        }
    }
}
