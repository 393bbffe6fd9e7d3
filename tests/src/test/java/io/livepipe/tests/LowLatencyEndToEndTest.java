package io.livepipe.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * LL-HLS end to end: FFmpeg publishes a test pattern over RTMP to a channel with
 * {@code streamOptions: ["LowLatency"]}; the encoder's origin serves its parts from memory under
 * {@code /{locator}/ll/}. hls.js in Chromium plays it in low-latency mode, and the archive's
 * standard HLS of the same locator in the same run; latency is the wall clock minus the
 * program date-time of the frame on screen. Blocking reloads, preload-hinted parts, delta updates,
 * the spec's 400s, and 200 held reloads without a thread each, against the same live channel.
 */
class LowLatencyEndToEndTest {
    static LocalPlatformHarness lp;
    static Process publisher;
    static String locator;
    static String ll;
    static String envelopeLocator;
    static String envelopeToken;
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static final Pattern PART = Pattern.compile("#EXT-X-PART:DURATION=[0-9.]+,URI=\"video/([^/]+)/(\\d+)\\.(\\d+)\\.m4s\"");
    static final Pattern HINT = Pattern.compile("#EXT-X-PRELOAD-HINT:TYPE=PART,URI=\"([^\"]+)\"");

    @BeforeAll
    static void publish() throws Exception {
        lp = new LocalPlatformHarness();
        String key = lowLatencyChannel(lp, "ll");
        HttpResponse<String> c = lp.api("POST", "locators", "{\"assetName\":\"ll-p\",\"streamingPolicy\":\"clear\"}");
        assertEquals(201, c.statusCode(), c.body());
        locator = LocalPlatformHarness.json(c).get("id").asText();
        ll = lp.base + "/" + locator + "/ll/";
        assertEquals(201, lp.api("POST", "contentkeypolicies", "{\"name\":\"viewers\",\"restriction\":\"token\",\"issuer\":\"livepipe\","
                + "\"audience\":\"livepipe-playback\"}").statusCode());
        HttpResponse<String> e = lp.api("POST", "locators", "{\"assetName\":\"ll-p\",\"streamingPolicy\":\"envelope\",\"contentKeyPolicyName\":\"viewers\"}");
        assertEquals(201, e.statusCode(), e.body());
        envelopeLocator = LocalPlatformHarness.json(e).get("id").asText();
        envelopeToken = LocalPlatformHarness.json(lp.api("POST", "locators/" + envelopeLocator + "/token", null)).get("token").asText();
        publisher = publishTestPattern(lp, key);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline && get("video.m3u8").statusCode() != 200) Thread.sleep(200);
        assertEquals(200, get("video.m3u8").statusCode(), "the LL playlist appears once parts are cut");
    }

    /**
     * Creates and starts the low-latency channel {@code name} (2 s key frames) on {@code on}, with a
     * program recording asset {@code {name}-p}; its stream key.
     */
    static String lowLatencyChannel(LocalPlatformHarness on, String name) {
        JsonNode created = LocalPlatformHarness.json(on.api("POST", "channels",
                "{\"name\":\"" + name + "\",\"keyFrameInterval\":\"PT2S\",\"streamOptions\":[\"LowLatency\"]}"));
        assertEquals("[\"LowLatency\"]", created.get("streamOptions").toString());
        on.api("POST", "channels/" + name + "/start", null);
        assertEquals(201, on.api("POST", "channels/" + name + "/programs", "{\"name\":\"p\",\"assetName\":\"" + name
                + "-p\",\"archiveWindow\":\"PT5M\"}").statusCode());
        return created.get("streamKey").asText();
    }

    /** FFmpeg publishing a 240 s test pattern with a 2 s GOP over RTMP to {@code on}'s channel of {@code streamKey}. */
    static Process publishTestPattern(LocalPlatformHarness on, String streamKey) throws java.io.IOException {
        return new ProcessBuilder("ffmpeg", "-hide_banner", "-loglevel", "error", "-re", "-f", "lavfi", "-i",
                "testsrc2=size=426x240:rate=30", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000", "-t", "240",
                "-c:v", "libx264", "-preset", "veryfast", "-tune", "zerolatency", "-g", "60", "-b:v", "600k", "-c:a", "aac",
                "-f", "flv", "rtmp://127.0.0.1:" + on.platform.rtmpPort() + "/live/" + streamKey)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    @AfterAll
    static void stop() {
        if (publisher != null) publisher.destroy();
        if (lp != null) lp.close();
    }

    static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(ll + path)).timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The newest part of the video playlist: msn and index. */
    static long[] lastPart(String playlist) {
        Matcher m = PART.matcher(playlist);
        long[] last = null;
        while (m.find()) last = new long[] {Long.parseLong(m.group(2)), Long.parseLong(m.group(3))};
        return last;
    }

    @Test
    void playlistsCarryPartsServerControlPreloadHintAndRenditionReports() throws Exception {
        HttpResponse<String> master = get("master.m3u8");
        assertEquals(200, master.statusCode());
        assertTrue(master.body().contains("#EXT-X-STREAM-INF:") && master.body().contains("video.m3u8")
                && master.body().contains("URI=\"audio.m3u8\""), master.body());
        HttpResponse<String> p = get("video.m3u8");
        String body = p.body();
        assertTrue(body.contains("#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,CAN-SKIP-UNTIL=12.000,PART-HOLD-BACK=1.500"), body);
        assertTrue(body.contains("#EXT-X-PART-INF:PART-TARGET=0.500"), body);
        assertTrue(body.contains("#EXT-X-PROGRAM-DATE-TIME:"), body);
        assertTrue(HINT.matcher(body).find(), body);
        assertTrue(body.contains("#EXT-X-RENDITION-REPORT:URI=\"audio.m3u8\",LAST-MSN="), body);
        assertTrue(lastPart(body) != null, body);
        assertEquals("no-cache", p.headers().firstValue("Cache-Control").orElse(""));
        Matcher m = PART.matcher(body);
        assertTrue(m.find());
        for (Matcher x = PART.matcher(body); x.find(); ) {
            double d = Double.parseDouble(body.substring(x.start() + "#EXT-X-PART:DURATION=".length(), x.start() + body.substring(x.start()).indexOf(',')));
            assertTrue(d <= 0.5, "a part no longer than PART-TARGET: " + d);
        }
        HttpResponse<byte[]> part = HTTP.send(HttpRequest.newBuilder(URI.create(ll + "video/" + m.group(1) + "/" + m.group(2) + "." + m.group(3) + ".m4s")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, part.statusCode());
        String box = new String(part.body(), 4, 4, java.nio.charset.StandardCharsets.US_ASCII);
        assertTrue(box.equals("moof") || box.equals("styp"), box);
        assertEquals("public, max-age=31536000, immutable", part.headers().firstValue("Cache-Control").orElse(""));
    }

    @Test
    void aBlockingReloadIsHeldUntilTheNextPartAndTheHintedPartUntilItExists() throws Exception {
        String body = get("video.m3u8").body();
        long[] last = lastPart(body);
        long t0 = System.nanoTime();
        HttpResponse<String> next = get("video.m3u8?_HLS_msn=" + last[0] + "&_HLS_part=" + (last[1] + 1));
        long heldMs = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(200, next.statusCode(), next.body());
        long[] now = lastPart(next.body());
        assertTrue(now[0] > last[0] || now[1] > last[1], "the answer holds a newer part: " + java.util.Arrays.toString(now));
        assertTrue(heldMs < 2000, "held " + heldMs + " ms for a 0.5 s part");
        assertTrue(next.headers().firstValue("Cache-Control").orElse("").startsWith("public, max-age="));

        Matcher hint = HINT.matcher(get("video.m3u8").body());
        assertTrue(hint.find());
        t0 = System.nanoTime();
        HttpResponse<byte[]> hinted = HTTP.send(HttpRequest.newBuilder(URI.create(ll + hint.group(1))).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, hinted.statusCode(), "the preload-hinted part is answered once it exists");
        assertTrue(hinted.body().length > 100);
        assertTrue((System.nanoTime() - t0) / 1_000_000 < 2000);
    }

    @Test
    void badDirectivesGetTheSpecsAnswersAtOnce() throws Exception {
        long[] last = lastPart(get("video.m3u8").body());
        for (String q : List.of("_HLS_part=1", "_HLS_msn=-1", "_HLS_msn=abc", "_HLS_msn=1.5", "_HLS_msn=99999999999999999999",
                "_HLS_msn=" + (last[0] + 3), "_HLS_msn=" + (last[0] + 1) + "&_HLS_part=20", "_HLS_skip=NO")) {
            long t0 = System.nanoTime();
            HttpResponse<String> r = get("video.m3u8?" + q);
            assertEquals(400, r.statusCode(), q + ": " + r.body());
            // at once, not held for three target durations (6 s) — generous: these machines are shared
            assertTrue((System.nanoTime() - t0) / 1_000_000 < 5000, q + " answered at once");
            assertEquals("no-store", r.headers().firstValue("Cache-Control").orElse(""));
        }
        assertEquals(404, get("video/nosuchrun/1.0.m4s").statusCode());
        assertEquals(404, get("nosuch.m3u8").statusCode());
    }

    @Test
    void aDeltaUpdateSkipsOldSegments() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
        String body = "";
        while (System.nanoTime() < deadline) {
            body = get("video.m3u8?_HLS_skip=YES").body();
            if (body.contains("#EXT-X-SKIP:SKIPPED-SEGMENTS=")) break;
            Thread.sleep(1000);
        }
        assertTrue(body.contains("#EXT-X-SKIP:SKIPPED-SEGMENTS="), body);
        assertTrue(body.contains("#EXT-X-MAP:"), "a delta update names the map: " + body);
    }

    @Test
    void twoHundredHeldReloadsTakeNoThreadEach() throws Exception {
        long[] last = lastPart(get("video.m3u8").body());
        int before = serverThreads();
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        List<CompletableFuture<HttpResponse<String>>> all = new ArrayList<>();
        // the next segment whole: held 2 to 4 s, inside the 6 s deadline
        URI uri = URI.create(ll + "video.m3u8?_HLS_msn=" + (last[0] + 1));
        for (int i = 0; i < 200; i++) {
            all.add(client.sendAsync(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString()));
        }
        int peakHeld = 0;
        int peakThreads = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline && !all.stream().allMatch(CompletableFuture::isDone)) {
            peakHeld = Math.max(peakHeld, lp.platform.lowLatency().held());
            peakThreads = Math.max(peakThreads, serverThreads());
            Thread.sleep(20);
        }
        int ok = 0;
        for (CompletableFuture<HttpResponse<String>> f : all) if (f.get(20, TimeUnit.SECONDS).statusCode() == 200) ok++;
        assertEquals(200, ok, "every held reload answered with the playlist");
        // HttpHost has 32 workers: a thread per held request could hold no more than 32 at once
        assertTrue(peakHeld >= 150, "held at once: " + peakHeld);
        // the server side (every thread but the test's HTTP client's) added none per request
        assertTrue(peakThreads - before < 40, "server threads grew by " + (peakThreads - before) + " for 200 held requests");
        System.out.println("event=held_reloads clients=200 peakHeld=" + peakHeld + " threadGrowth=" + (peakThreads - before));
    }

    /** Live threads in this JVM but the test's own HTTP client's. */
    static int serverThreads() {
        return (int) Thread.getAllStackTraces().keySet().stream().filter(t -> t.isAlive() && !t.getName().startsWith("HttpClient")).count();
    }

    @Test
    void hlsJsInLowLatencyModePlaysSecondsCloserToLiveThanStandardHls() throws Exception {
        Latency low = measure(ll + "master.m3u8", "true", 35);
        Latency standard = measure(lp.base + "/" + locator + "/master.m3u8", "false", 35);
        System.out.println("event=latency ll_median_ms=" + low.median + " ll_p95_ms=" + low.p95 + " ll_parts=" + low.parts
                + " hls_median_ms=" + standard.median + " hls_p95_ms=" + standard.p95);
        assertTrue(low.parts > 10, "hls.js loaded parts: " + low.parts);
        // the goal is 2 s; the bound holds on these shared 2-core machines under other helpers' load
        assertTrue(low.median <= 4000, "LL-HLS median latency " + low.median + " ms");
        assertTrue(standard.median > low.median + 1500, "standard HLS " + standard.median + " ms vs LL " + low.median + " ms");
    }

    @Test
    void shakaPlaysLowLatencyDashFromChunkedSegments() throws Exception {
        HttpResponse<String> mpd = get("manifest.mpd");
        assertEquals(200, mpd.statusCode(), mpd.body());
        String body = mpd.body();
        assertTrue(body.contains("type=\"dynamic\"") && body.contains("availabilityTimeOffset=\"1.5\"")
                && body.contains("availabilityTimeComplete=\"false\"") && body.contains("<ServiceDescription")
                && body.contains("<Latency target=\"1500\""), body);
        // the segment being made comes in chunks as its parts are cut
        String playlist = get("video.m3u8").body();
        long[] last = lastPart(playlist);
        Matcher run = PART.matcher(playlist);
        assertTrue(run.find());
        long t0 = System.nanoTime();
        HttpResponse<byte[]> open = HTTP.send(HttpRequest.newBuilder(URI.create(ll + "video/" + run.group(1) + "/" + (last[0] + 1) + ".m4s")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(200, open.statusCode());
        assertTrue(open.headers().firstValue("Transfer-Encoding").orElse("").contains("chunked"), open.headers().map().toString());
        assertTrue(ms > 1000, "the next segment took its time to be made: " + ms + " ms");
        int moofs = 0;
        for (int i = 0; i + 8 <= open.body().length; ) {
            long size = java.nio.ByteBuffer.wrap(open.body(), i, 4).getInt() & 0xffffffffL;
            if (new String(open.body(), i + 4, 4, java.nio.charset.StandardCharsets.US_ASCII).equals("moof")) moofs++;
            if (size < 8) break;
            i += size;
        }
        assertTrue(moofs >= 3, "a segment of chunks: " + moofs + " moof boxes");

        Latency dash = measure(ll + "manifest.mpd", "dash", 35);
        System.out.println("event=latency lldash_median_ms=" + dash.median + " lldash_p95_ms=" + dash.p95 + " segments=" + dash.frags);
        assertTrue(dash.median <= 4000, "LL-DASH median latency " + dash.median + " ms");
    }

    @Test
    void anEnvelopeLocatorServesAes128PartsAndHlsJsPlaysThemWithATokenForTheKey() throws Exception {
        String ell = lp.base + "/" + envelopeLocator + "/ll/";
        HttpResponse<String> master = HTTP.send(HttpRequest.newBuilder(URI.create(ell + "master.m3u8?token=" + envelopeToken)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, master.statusCode(), master.body());
        assertTrue(master.body().contains("video.m3u8?token=" + envelopeToken) && master.body().contains("audio.m3u8?token=" + envelopeToken), "the token goes on to the media playlists: " + master.body());
        assertTrue(master.headers().firstValue("Cache-Control").orElse("").startsWith("private"));
        String media = HTTP.send(HttpRequest.newBuilder(URI.create(ell + "video.m3u8")).build(), HttpResponse.BodyHandlers.ofString()).body();
        // the same key URI and per-segment IV as the streaming endpoint's envelope HLS; the map before any key (init stays clear)
        Matcher key = Pattern.compile("#EXT-X-KEY:METHOD=AES-128,URI=\"http://127\\.0\\.0\\.1:\\d+(/api/keydelivery/" + envelopeLocator
                + "/[0-9a-f-]+)\",IV=0x[0-9A-F]{32}\n#EXT-X-PROGRAM-DATE-TIME:").matcher(media);
        assertTrue(key.find(), media);
        assertTrue(media.indexOf("#EXT-X-MAP:") < media.indexOf("#EXT-X-KEY:"), media);

        Matcher part = Pattern.compile("#EXT-X-PART:DURATION=[0-9.]+,URI=\"(video/[^\"]+)\"").matcher(media);
        assertTrue(part.find(), media);
        byte[] encrypted = HTTP.send(HttpRequest.newBuilder(URI.create(ell + part.group(1))).build(), HttpResponse.BodyHandlers.ofByteArray()).body();
        byte[] clear = HTTP.send(HttpRequest.newBuilder(URI.create(ll + part.group(1))).build(), HttpResponse.BodyHandlers.ofByteArray()).body();
        String clearBox = new String(clear, 4, 4, java.nio.charset.StandardCharsets.US_ASCII);
        assertTrue(clearBox.equals("moof") || clearBox.equals("styp"), clearBox);
        String sealedBox = new String(encrypted, 4, 4, java.nio.charset.StandardCharsets.US_ASCII);
        assertTrue(!sealedBox.equals("moof") && !sealedBox.equals("styp"), "the part is encrypted: " + sealedBox);
        assertEquals(0, encrypted.length % 16);
        assertEquals((clear.length / 16 + 1) * 16, encrypted.length, "one resource, AES-128-CBC with PKCS#7 padding");
        Matcher ivOfPart = Pattern.compile("IV=0x([0-9A-F]{32})\n#EXT-X-PROGRAM-DATE-TIME:[^\n]+\n(?:#EXT-X-PART:[^\n]+\n)*?#EXT-X-PART:DURATION=[0-9.]+,URI=\""
                + Pattern.quote(part.group(1))).matcher(media);
        assertTrue(ivOfPart.find(), media);
        HttpResponse<byte[]> k = HTTP.send(HttpRequest.newBuilder(URI.create(lp.base + key.group(1)))
                .header("Authorization", "Bearer " + envelopeToken).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, k.statusCode());
        javax.crypto.Cipher aes = javax.crypto.Cipher.getInstance("AES/CBC/PKCS5Padding");
        aes.init(javax.crypto.Cipher.DECRYPT_MODE, new javax.crypto.spec.SecretKeySpec(k.body(), "AES"),
                new javax.crypto.spec.IvParameterSpec(java.util.HexFormat.of().parseHex(ivOfPart.group(1))));
        assertArrayEquals(clear, aes.doFinal(encrypted), "the part decrypts under its segment's IV to the clear part");

        HttpResponse<String> without = lp.send("GET", key.group(1), null, Map.of());
        assertEquals(401, without.statusCode(), "no token, no key");
        assertEquals(400, HTTP.send(HttpRequest.newBuilder(URI.create(ell + "video.m3u8?token=%22x%22")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode());

        Latency played = measure(ell + "master.m3u8?token=" + envelopeToken, "true", 35);
        System.out.println("event=latency ll_envelope_median_ms=" + played.median + " parts=" + played.parts);
        assertTrue(played.parts > 10, "hls.js loaded encrypted parts: " + played.parts);
        assertTrue(played.median <= 4000, "LL-HLS (AES-128) median latency " + played.median + " ms");
        // by now the archive holds segments: the streaming endpoint names the same key
        String standardMaster = lp.send("GET", "/" + envelopeLocator + "/master.m3u8", null, Map.of()).body();
        Matcher firstMedia = Pattern.compile("\n([^#\n][^\n]*[.]m3u8)\n").matcher(standardMaster);
        assertTrue(firstMedia.find(), standardMaster);
        String standard = lp.send("GET", "/" + envelopeLocator + "/" + firstMedia.group(1), null, Map.of()).body();
        assertTrue(standard.contains(key.group(1)), "one key for both: " + standard);
    }

    record Latency(long median, long p95, int parts, int frags) { }

    /** Plays {@code url} for {@code seconds} and takes the latency samples after the first ten seconds (start-up, catching up). */
    static Latency measure(String url, String mode, int seconds) throws Exception { return measure(lp, url, mode, seconds, null); }

    /** As above on {@code on}; {@code clearKeyLicense} (cenc/cbcs): hls.js plays through EME with W3C ClearKey from that URL. */
    static Latency measure(LocalPlatformHarness on, String url, String mode, int seconds, String clearKeyLicense) throws Exception {
        Path script = LocalPlatformHarness.repoRoot().resolve("tests/src/test/js/latency.mjs");
        List<String> cmd = new ArrayList<>(List.of("node", script.toString(), on.base, url, Integer.toString(seconds), mode));
        if (clearKeyLicense != null) cmd.add(clearKeyLicense);
        Process p = new ProcessBuilder(cmd)
                .directory(LocalPlatformHarness.repoRoot().toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).trim();
        assertTrue(p.waitFor(seconds + 60, TimeUnit.SECONDS), "the browser did not finish");
        JsonNode r = LocalPlatformHarness.JSON.readTree(out.substring(out.lastIndexOf('\n') + 1));
        assertEquals(0, r.get("errors").size(), out);
        List<Long> samples = new ArrayList<>();
        r.get("samples").forEach(s -> samples.add(s.asLong()));
        assertTrue(samples.size() > 60, "latency samples: " + samples.size() + " " + out);
        List<Long> settled = new ArrayList<>(samples.subList(40, samples.size()));
        settled.sort(null);
        return new Latency(settled.get(settled.size() / 2), settled.get((int) Math.ceil(settled.size() * 0.95) - 1), r.get("parts").asInt(),
                r.get("frags").asInt());
    }
}
