package io.livepipe.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Encrypted low latency end to end: FFmpeg publishes to a {@code LowLatency} channel with clear,
 * cbcs and cenc locators. The cbcs LL-HLS carries the standard cbcs playlist's key lines, a
 * protected init and parts each sample-encrypted on its own; hls.js in low-latency mode plays it
 * through EME with W3C ClearKey (the locator's license, with a token) in Chromium, at the latency
 * of the clear LL-HLS. FFmpeg, with the key from the ClearKey license, decodes a part and the
 * whole segment it belongs to into the same frames as the clear copy, for cbcs and cenc; the cenc
 * LL-DASH MPD carries the standard MPD's ContentProtection.
 */
class LowLatencyEncryptedEndToEndTest {
    static LocalPlatformHarness lp;
    static Process publisher;
    static final Map<String, String> locators = new java.util.HashMap<>();
    static final Map<String, String> tokens = new java.util.HashMap<>();
    static final Pattern WHOLE = Pattern.compile("((?:#EXT-X-PART:[^\n]+\n)+)#EXTINF:[0-9.]+,\n(video/([^/]+)/(\\d+)\\.m4s)\n");
    static final Pattern PART_URI = Pattern.compile("URI=\"([^\"]+)\"");

    @BeforeAll
    static void publish() throws Exception {
        lp = new LocalPlatformHarness();
        String key = LowLatencyEndToEndTest.lowLatencyChannel(lp, "llc");
        assertEquals(201, lp.api("POST", "contentkeypolicies", "{\"name\":\"viewers\",\"restriction\":\"token\",\"issuer\":\"livepipe\","
                + "\"audience\":\"livepipe-playback\"}").statusCode());
        for (String policy : List.of("clear", "cbcs", "cenc")) {
            HttpResponse<String> c = lp.api("POST", "locators", "{\"assetName\":\"llc-p\",\"streamingPolicy\":\"" + policy + "\""
                    + (policy.equals("clear") ? "" : ",\"contentKeyPolicyName\":\"viewers\"") + "}");
            assertEquals(201, c.statusCode(), c.body());
            locators.put(policy, LocalPlatformHarness.json(c).get("id").asText());
            if (!policy.equals("clear")) {
                tokens.put(policy, LocalPlatformHarness.json(lp.api("POST", "locators/" + locators.get(policy) + "/token", null)).get("token").asText());
            }
        }
        publisher = LowLatencyEndToEndTest.publishTestPattern(lp, key);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
        // two whole segments in the LL playlist, and the archive's standard playlist begun
        while (System.nanoTime() < deadline && !(WHOLE.matcher(ll("cbcs", "video.m3u8").body()).results().count() >= 2
                && lp.send("GET", "/" + locators.get("cbcs") + "/video.m3u8", null, Map.of()).body().contains("#EXTINF"))) {
            Thread.sleep(250);
        }
        assertEquals(200, ll("cbcs", "video.m3u8").statusCode());
    }

    @AfterAll
    static void stop() {
        if (publisher != null) publisher.destroy();
        if (lp != null) lp.close();
    }

    static HttpResponse<String> ll(String policy, String path) {
        return lp.send("GET", "/" + locators.get(policy) + "/ll/" + path, null, Map.of());
    }

    static byte[] llBytes(String policy, String path) { return lp.bytes("/" + locators.get(policy) + "/ll/" + path); }

    static List<String> keyLines(String playlist) { return playlist.lines().filter(l -> l.startsWith("#EXT-X-KEY:")).toList(); }

    /** The content key of a protected locator, from its ClearKey license with the viewer's token, in hex. */
    static String key(String policy, String kid) {
        byte[] b = java.nio.ByteBuffer.allocate(16).putLong(UUID.fromString(kid).getMostSignificantBits())
                .putLong(UUID.fromString(kid).getLeastSignificantBits()).array();
        HttpResponse<String> license = lp.send("POST", "/api/license/clearkey/" + locators.get(policy), "{\"kids\":[\""
                + Base64.getUrlEncoder().withoutPadding().encodeToString(b) + "\"],\"type\":\"temporary\"}", Map.of("Authorization", "Bearer " + tokens.get(policy)));
        assertEquals(200, license.statusCode(), license.body());
        return HexFormat.of().formatHex(Base64.getUrlDecoder().decode(LocalPlatformHarness.json(license).at("/keys/0/k").asText()));
    }

    static String kidOfPlaylist(String playlist) {
        Matcher m = Pattern.compile("KEYID=0x([0-9a-f]{32})").matcher(playlist);
        assertTrue(m.find(), playlist);
        String h = m.group(1);
        return h.substring(0, 8) + "-" + h.substring(8, 12) + "-" + h.substring(12, 16) + "-" + h.substring(16, 20) + "-" + h.substring(20);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) out.writeBytes(p);
        return out.toByteArray();
    }

    @Test
    void cbcsLowLatencyHlsCarriesTheStandardKeyLinesAProtectedInitAndEncryptedParts() {
        String standard = lp.send("GET", "/" + locators.get("cbcs") + "/video.m3u8", null, Map.of()).body();
        String media = ll("cbcs", "video.m3u8").body();
        List<String> keys = keyLines(media);
        assertTrue(keys.size() >= 4 && keys.stream().allMatch(k -> k.startsWith("#EXT-X-KEY:METHOD=SAMPLE-AES,")), media);
        assertEquals(keyLines(standard), keys, "the key lines of the locator's standard cbcs HLS");
        assertTrue(keys.stream().anyMatch(k -> k.contains("KEYFORMAT=\"org.w3.clearkey\"")), media);
        assertTrue(media.indexOf("#EXT-X-KEY:") < media.indexOf("#EXT-X-MAP:"), "keys before the map: they apply to it and every part");

        Matcher map = Pattern.compile("#EXT-X-MAP:URI=\"([^\"]+)\"").matcher(media);
        assertTrue(map.find());
        String init = new String(llBytes("cbcs", map.group(1)), StandardCharsets.ISO_8859_1);
        assertTrue(init.contains("encv") && init.contains("tenc") && init.contains("cbcs") && init.contains("pssh"), "protected init");
        Matcher part = Pattern.compile("#EXT-X-PART:DURATION=[0-9.]+,URI=\"(video/[^\"]+)\"").matcher(media);
        assertTrue(part.find(), media);
        byte[] sealed = llBytes("cbcs", part.group(1));
        byte[] clear = llBytes("clear", part.group(1));
        String box = new String(sealed, 4, 4, StandardCharsets.US_ASCII);
        assertTrue(box.equals("moof") || box.equals("styp"), "a part stays a CMAF chunk: " + box);
        assertTrue(new String(sealed, StandardCharsets.ISO_8859_1).contains("senc"), "with its sample encryption box");
        assertTrue(sealed.length > clear.length && !java.util.Arrays.equals(sealed, clear));
        assertArrayEquals(sealed, llBytes("cbcs", part.group(1)), "deterministic: a CDN may cache a part");
    }

    @Test
    void aPartAndItsWholeSegmentDecryptToTheSameFramesAsTheClearCopyUnderCbcsAndCenc() throws Exception {
        String clearPlaylist = ll("clear", "video.m3u8").body();
        Matcher whole = WHOLE.matcher(clearPlaylist);
        assertTrue(whole.find(), clearPlaylist);
        List<String> parts = new ArrayList<>();
        PART_URI.matcher(whole.group(1)).results().forEach(r -> parts.add(r.group(1)));
        assertTrue(parts.size() >= 3, "a 2 s segment of 0.5 s parts: " + parts);
        Matcher map = Pattern.compile("#EXT-X-MAP:URI=\"([^\"]+)\"").matcher(clearPlaylist);
        assertTrue(map.find());
        List<String> reference = ProtectionEndToEndTest.frameMd5s(concat(llBytes("clear", map.group(1)), llBytes("clear", whole.group(2))), null);
        assertTrue(reference.size() >= 50, "a 2 s segment at 30 fps: " + reference.size());
        for (String policy : List.of("cbcs", "cenc")) {
            String kid = kidOfPlaylist(ll(policy, "video.m3u8").body());
            String keyHex = key(policy, kid);
            byte[] init = llBytes(policy, map.group(1));
            byte[] segment = llBytes(policy, whole.group(2));
            ByteArrayOutputStream each = new ByteArrayOutputStream();
            for (String p : parts) each.writeBytes(llBytes(policy, p));
            assertArrayEquals(each.toByteArray(), segment, policy + ": the whole segment is its encrypted parts, one after another");
            assertEquals(reference, ProtectionEndToEndTest.frameMd5s(concat(init, segment), keyHex), policy + ": the whole segment decrypts to the clear frames");
            List<String> first = ProtectionEndToEndTest.frameMd5s(concat(init, llBytes(policy, parts.get(0))), keyHex);
            assertTrue(first.size() >= 5, policy + " first part: " + first.size() + " frames");
            assertEquals(reference.subList(0, first.size()), first, policy + ": the first part alone decrypts to the segment's first frames");
            // a later part decrypts as the same samples do inside the whole segment (cenc: the same per-sample IVs)
            List<String> two = ProtectionEndToEndTest.frameMd5s(concat(init, llBytes(policy, parts.get(0)), llBytes(policy, parts.get(1))), keyHex);
            assertEquals(reference.subList(0, two.size()), two, policy + ": parts 0 and 1 decrypt to the segment's frames");
        }
        String mpd = ll("cenc", "manifest.mpd").body();
        String standardMpd = lp.send("GET", "/" + locators.get("cenc") + "/manifest.mpd", null, Map.of()).body();
        assertTrue(mpd.contains("value=\"cenc\" cenc:default_KID=\"" + kidOfPlaylist(ll("cenc", "video.m3u8").body()) + "\"")
                && mpd.contains("<cenc:pssh>") && mpd.contains("value=\"ClearKey1.0\""), mpd);
        Matcher cp = Pattern.compile("<ContentProtection schemeIdUri=\"urn:mpeg:dash:mp4protection:2011\"[^>]+>").matcher(mpd);
        assertTrue(cp.find() && standardMpd.contains(cp.group()), "the standard MPD's ContentProtection: " + standardMpd);
    }

    @Test
    void badRequestsGetTheSpecsAnswersUnderEncryption() {
        String media = ll("cbcs", "video.m3u8").body();
        Matcher last = Pattern.compile("#EXT-X-PART:DURATION=[0-9.]+,URI=\"video/([^/]+)/(\\d+)\\.(\\d+)\\.m4s\"").matcher(media);
        String run = null;
        long msn = -1;
        while (last.find()) {
            run = last.group(1);
            msn = Long.parseLong(last.group(2));
        }
        assertTrue(msn >= 0, media);
        for (String q : List.of("_HLS_msn=" + (msn + 3), "_HLS_part=1", "_HLS_msn=-1", "_HLS_msn=" + (msn + 1) + "&_HLS_part=20")) {
            long t0 = System.nanoTime();
            HttpResponse<String> r = ll("cbcs", "video.m3u8?" + q);
            assertEquals(400, r.statusCode(), q + ": " + r.body());
            assertTrue((System.nanoTime() - t0) / 1_000_000 < 5000, q + " answered at once");
        }
        long t0 = System.nanoTime();
        assertEquals(404, ll("cbcs", "video/" + run + "/" + (msn + 5) + ".0.m4s").statusCode(), "a part too far ahead is not held");
        assertTrue((System.nanoTime() - t0) / 1_000_000 < 5000);
        assertEquals(404, ll("cbcs", "video/" + run + "/init-99.mp4").statusCode());
        assertEquals(400, ll("cbcs", "video.m3u8?token=%22x%22").statusCode(), "a token must be a JWT");
    }

    @Test
    void hlsJsPlaysCbcsLowLatencyHlsThroughClearKeyAsCloseToLiveAsClear() throws Exception {
        String master = lp.base + "/" + locators.get("cbcs") + "/ll/master.m3u8?token=" + tokens.get("cbcs");
        String license = lp.base + "/api/license/clearkey/" + locators.get("cbcs") + "?token=" + tokens.get("cbcs");
        LowLatencyEndToEndTest.Latency cbcs = LowLatencyEndToEndTest.measure(lp, master, "true", 35, license);
        LowLatencyEndToEndTest.Latency clear = LowLatencyEndToEndTest.measure(lp, lp.base + "/" + locators.get("clear") + "/ll/master.m3u8", "true", 35, null);
        System.out.println("event=latency ll_cbcs_median_ms=" + cbcs.median() + " ll_cbcs_p95_ms=" + cbcs.p95() + " ll_cbcs_parts=" + cbcs.parts()
                + " ll_clear_median_ms=" + clear.median() + " ll_clear_p95_ms=" + clear.p95() + " ll_clear_parts=" + clear.parts());
        assertTrue(cbcs.parts() > 10, "hls.js loaded encrypted parts: " + cbcs.parts());
        // the same bound as clear LL-HLS (LowLatencyEndToEndTest): shared 2-core machines under other helpers' load
        assertTrue(cbcs.median() <= 4000, "cbcs LL-HLS median latency " + cbcs.median() + " ms");
    }

    @Test
    void shakaPlaysCencLowLatencyDashWhoseChunksAreEncryptedAsTheyAreCut() throws Exception {
        String mpd = lp.base + "/" + locators.get("cenc") + "/ll/manifest.mpd?token=" + tokens.get("cenc");
        String license = lp.base + "/api/license/clearkey/" + locators.get("cenc") + "?token=" + tokens.get("cenc");
        LowLatencyEndToEndTest.Latency cenc = LowLatencyEndToEndTest.measure(lp, mpd, "dash", 35, license);
        System.out.println("event=latency lldash_cenc_median_ms=" + cenc.median() + " lldash_cenc_p95_ms=" + cenc.p95() + " segments=" + cenc.frags());
        assertTrue(cenc.frags() > 10, "shaka loaded encrypted segments: " + cenc.frags());
        assertTrue(cenc.median() <= 4000, "cenc LL-DASH median latency " + cenc.median() + " ms");
    }
}
