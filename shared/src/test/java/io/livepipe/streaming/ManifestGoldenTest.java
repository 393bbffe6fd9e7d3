package io.livepipe.streaming;

import static io.livepipe.streaming.StreamingFixtures.BASE;
import static io.livepipe.streaming.StreamingFixtures.KEYS;
import static io.livepipe.streaming.StreamingFixtures.T0;
import static io.livepipe.streaming.StreamingFixtures.TOKEN;
import static io.livepipe.streaming.StreamingFixtures.asset;
import static io.livepipe.streaming.StreamingFixtures.locator;
import static io.livepipe.streaming.StreamingFixtures.reconnectThenNewRun;
import static io.livepipe.streaming.StreamingFixtures.rendition;
import static io.livepipe.streaming.StreamingFixtures.renditions;
import static io.livepipe.streaming.StreamingFixtures.run;
import static io.livepipe.streaming.StreamingFixtures.vod;

import io.livepipe.archive.Asset;
import io.livepipe.media.dash.DashWriter;
import io.livepipe.media.hls.HlsWriter;
import io.livepipe.media.manifest.Encryption;
import io.livepipe.media.smooth.SmoothWriter;
import io.livepipe.testing.Golden;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Every manifest form pinned as text under a fixed clock, fixed ids and fixed keys
 * ({@code src/test/resources/io/livepipe/streaming/golden}): HLS multivariant and media
 * playlists and DASH MPDs for a live run, a sliding window, a reconnect within a run followed
 * by a new run (live, VOD, and once the window slid past it), a clip, and every protection
 * scheme, with and without a URL token. Regenerate with {@code -Dgolden.update=true}.
 */
class ManifestGoldenTest {
    static final String DIR = "io/livepipe/streaming/golden";
    static final ProtectionPackager PACKAGER = new ProtectionPackager(KEYS, BASE);
    static final String TIME = BASE + StreamingService.TIME_ROUTE;

    static Instant now(Asset a) {
        Instant newest = T0;
        for (Asset.Timeline t : a.renditions().values()) {
            for (Asset.Entry e : t.segments()) if (e.created().isAfter(newest)) newest = e.created();
        }
        return newest.plusMillis(500);
    }

    static void hls(String name, Asset a, Encryption p, double[] clip) {
        boolean vod = a.state().equals(Asset.VOD);
        Golden.assertMatches(DIR, name + ".master.m3u8", HlsWriter.multivariant(renditions(a, clip), p));
        Golden.assertMatches(DIR, name + ".video.m3u8", HlsWriter.media(rendition(a, "video", clip), vod, p));
        Golden.assertMatches(DIR, name + ".audio.m3u8", HlsWriter.media(rendition(a, "audio", clip), vod, p));
    }

    static void dash(String name, Asset a, Encryption p, double[] clip) {
        Golden.assertMatches(DIR, name + ".mpd", DashWriter.mpd(renditions(a, clip), a.state().equals(Asset.VOD), a.archiveWindow(),
                Duration.ofSeconds(2), now(a), p, TIME));
    }

    @Test
    void liveRun() {
        Asset a = asset(Duration.ofHours(1), run("run-a", 1, 0, 6, 0, false));
        hls("live", a, Encryption.CLEAR, null);
        dash("live", a, Encryption.CLEAR, null);
    }

    @Test
    void slidingWindowNumbersFromThePositionInTheAsset() {
        Asset a = asset(Duration.ofSeconds(20), run("run-a", 1, 0, 30, 0, false));
        hls("sliding", a, Encryption.CLEAR, null);
        dash("sliding", a, Encryption.CLEAR, null);
    }

    @Test
    void reconnectAndNewRunLiveAndVod() {
        Asset a = asset(Duration.ofHours(1), reconnectThenNewRun());
        hls("reconnect-live", a, Encryption.CLEAR, null);
        dash("reconnect-live", a, Encryption.CLEAR, null);
        hls("reconnect-vod", vod(a), Encryption.CLEAR, null);
        dash("reconnect-vod", vod(a), Encryption.CLEAR, null);
    }

    @Test
    void windowSlidPastTheReconnect() {
        Asset a = asset(Duration.ofSeconds(12), reconnectThenNewRun());
        hls("reconnect-slid", a, Encryption.CLEAR, null);
        dash("reconnect-slid", a, Encryption.CLEAR, null);
    }

    @Test
    void clipOfAVod() {
        Asset a = vod(asset(Duration.ofHours(1), run("run-a", 1, 0, 10, 0, false)));
        hls("clip", a, Encryption.CLEAR, new double[] {4, 10});
        dash("clip", a, Encryption.CLEAR, new double[] {4, 10});
    }

    @Test
    void everyProtectionScheme() {
        Asset a = asset(Duration.ofHours(1), run("run-a", 1, 0, 3, 0, false));
        for (String policy : new String[] {"envelope", "cenc", "cbcs"}) {
            Encryption p = PACKAGER.signalling(locator(policy), a);
            hls(policy, a, p, null);
            if (!policy.equals("envelope")) dash(policy, a, p, null);
        }
    }

    @Test
    void aUrlTokenGoesToKeyAndLicenseUrlsOnly() {
        Asset a = asset(Duration.ofHours(1), run("run-a", 1, 0, 3, 0, false));
        Encryption envelope = PACKAGER.signalling(locator("envelope"), a, TOKEN);
        Golden.assertMatches(DIR, "envelope-token.master.m3u8", HlsWriter.multivariant(renditions(a, null), envelope, "?token=" + TOKEN));
        Golden.assertMatches(DIR, "envelope-token.video.m3u8", HlsWriter.media(rendition(a, "video", null), false, envelope));
        dash("cenc-token", a, PACKAGER.signalling(locator("cenc"), a, TOKEN), null);
    }

    static void smooth(String name, Asset a, Encryption p) {
        Golden.assertMatches(DIR, name + ".ism.xml", SmoothWriter.manifest(renditions(a, null), a.state().equals(Asset.VOD),
                a.archiveWindow(), p));
    }

    static void ts(String name, Asset a, Encryption p) {
        boolean vod = a.state().equals(Asset.VOD);
        Golden.assertMatches(DIR, name + ".aapl.master.m3u8", HlsWriter.multivariant(renditions(a, null), p, "", true));
        Golden.assertMatches(DIR, name + ".aapl.video.m3u8", HlsWriter.media(rendition(a, "video", null), vod, p, true));
    }

    /** Smooth: live holds back the look-ahead fragments, times run on across the reconnect and the new run, cenc adds PlayReady. */
    @Test
    void smoothStreamingManifests() {
        Asset a = asset(Duration.ofHours(1), reconnectThenNewRun());
        smooth("smooth-live", a, Encryption.CLEAR);
        smooth("smooth-vod", vod(a), Encryption.CLEAR);
        smooth("smooth-cenc", vod(asset(Duration.ofHours(1), run("run-a", 1, 0, 3, 0, false))),
                PACKAGER.signalling(locator("cenc"), asset(Duration.ofHours(1), run("run-a", 1, 0, 3, 0, false))));
    }

    /** TS-HLS (m3u8-aapl): version 3, no EXT-X-MAP, .ts URIs; the envelope's IVs differ from the fMP4 playlist's. */
    @Test
    void tsHlsPlaylists() {
        ts("ts-reconnect-vod", vod(asset(Duration.ofHours(1), reconnectThenNewRun())), Encryption.CLEAR);
        Asset a = asset(Duration.ofHours(1), run("run-a", 1, 0, 3, 0, false));
        ts("ts-envelope", a, PACKAGER.signalling(locator("envelope"), a));
    }
}
