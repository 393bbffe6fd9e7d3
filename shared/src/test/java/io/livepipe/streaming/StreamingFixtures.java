package io.livepipe.streaming;

import static io.livepipe.testing.AvcSamples.avcc;
import static io.livepipe.testing.AvcSamples.idr;

import io.livepipe.archive.Asset;
import io.livepipe.archive.SegmentName;
import io.livepipe.archive.Timelines;
import io.livepipe.media.CodecConfig;
import io.livepipe.media.TrackType;
import io.livepipe.media.manifest.Rendition;
import io.livepipe.media.mp4.CmafWriter;
import io.livepipe.media.mp4.TrackInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Fixed inputs for golden manifests and segments: a fixed clock origin, fixed ids and keys, and
 * timelines stamped the way ArchiveStamp stamps them (through {@link Timelines#stamp}), for a
 * live run, a sliding window, a reconnect within a run followed by a new run, and clips.
 */
final class StreamingFixtures {
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    static final HexFormat HEX = HexFormat.of();
    static final byte[] AVCC = HEX.parseHex("0164001fffe1001c6764001facd9405005bb016a02020280000003008000001e078c18cb01000668ebe3cb22c0");
    static final TrackInfo VIDEO = TrackInfo.of(new CodecConfig(TrackType.VIDEO, CodecConfig.AVC1, AVCC));
    static final TrackInfo AUDIO = TrackInfo.of(new CodecConfig(TrackType.AUDIO, CodecConfig.MP4A, new byte[] {0x11, (byte) 0x90}));
    static final String LOCATOR = "0123456789abcdef0123456789abcdef";
    static final String BASE = "https://media.example";
    static final UUID KID = UUID.fromString("a7e61c37-3e21-9033-c210-91fa607bf3b8");
    static final byte[] KEY = HEX.parseHex("00112233445566778899aabbccddeeff");
    /** A playback token as a player would carry it in a URL (a JWT's shape; never verified here). */
    static final String TOKEN = "eyJhbGciOiJFUzI1NiJ9.eyJhdWQiOiJsaXZlcGlwZSJ9.c2lnbmF0dXJl";

    static final StreamingKeys KEYS = new StreamingKeys() {
        @Override
        public void prepare(Asset asset, Protection.Scheme scheme, String contentKeyPolicyName, Boolean keyPerTrackType) { }

        @Override
        public Key key(Asset asset, TrackType type) { return new Key(KID, KEY); }

        @Override
        public void forget(String assetName, Instant keep) { }
    };

    private StreamingFixtures() { }

    /** One segment of both renditions: run, sequence, start and duration (s), reconnect flag, and when it was written (s after T0). */
    record Seg(String run, long sequence, double start, double duration, boolean reconnect, double writtenAt) { }

    static Asset asset(Duration window, List<Seg> segs) {
        Asset a = new Asset("show", "tv", "p", window, Asset.LIVE, T0, null, Map.of());
        for (Seg s : segs) {
            a = stamp(a, s, "video", 90_000, 0, 250_000);
            a = stamp(a, s, "audio", 48_000, 3, 32_000);
        }
        return a;
    }

    private static Asset stamp(Asset a, Seg s, String rendition, int timescale, int lateMs, long bytesPerSecond) {
        long t = Math.round(s.start() * timescale);
        long d = Math.round(s.duration() * timescale);
        SegmentName n = new SegmentName("tv", s.run(), rendition, false, s.sequence(), t, d, timescale, true, s.reconnect());
        Instant at = T0.plusMillis(Math.round(s.writtenAt() * 1000) + lateMs);
        return Timelines.stamp(a, n, at, Math.round(bytesPerSecond * s.duration()));
    }

    static Asset vod(Asset a) {
        return new Asset(a.name(), a.channel(), a.program(), a.archiveWindow(), Asset.VOD, a.created(), T0.plusSeconds(3600), a.renditions());
    }

    /** {@code n} 2-second segments of one run from {@code firstSequence}, written in real time from {@code at}. */
    static List<Seg> run(String run, long firstSequence, double start, int n, double at, boolean reconnectFirst) {
        List<Seg> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new Seg(run, firstSequence + i, start + 2.0 * i, 2.0, reconnectFirst && i == 0, at + 2.0 * (i + 1)));
        }
        return out;
    }

    /** A run of 4 segments, the encoder away 10 s, 3 more after it reconnected, then a new run of 3. */
    static List<Seg> reconnectThenNewRun() {
        List<Seg> all = new ArrayList<>(run("run-a", 1, 0, 4, 0, false));
        all.addAll(run("run-a", 5, 8, 3, 18, true));
        all.addAll(run("run-b", 1, 0, 3, 40, false));
        return all;
    }

    static List<Rendition> renditions(Asset a, double[] clip) {
        List<Rendition> out = new ArrayList<>();
        for (String name : List.of("video", "audio")) out.add(rendition(a, name, clip));
        return out;
    }

    static Rendition rendition(Asset a, String name, double[] clip) {
        Asset.Timeline t = a.renditions().get(name);
        List<Asset.Entry> segs = clip == null ? t.segments() : RenditionCatalog.clip(t.segments(), clip);
        return RenditionCatalog.listing(a, name, name.equals("video") ? VIDEO : AUDIO, name.equals("video") ? 30 : 0, segs, Map.of());
    }

    static Locator locator(String policy) {
        return new Locator(LOCATOR, "show", policy, null, null, T0, policy.equals("clear") ? null : "open", T0);
    }

    static byte[] videoSegment() {
        byte[] sei = {0x06, 0x05, 0x01, 0x00, (byte) 0x80};
        return CmafWriter.fragment(TrackType.VIDEO, 3, 360_000, List.of(
                new CmafWriter.Sample(3000, 0, true, avcc(sei, idr(300))),
                new CmafWriter.Sample(3000, -3000, false, avcc(idr(41))),
                new CmafWriter.Sample(3000, 3000, false, avcc(idr(17)))));
    }

    static byte[] audioSegment() {
        List<CmafWriter.Sample> frames = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            byte[] f = new byte[40 + i];
            for (int j = 0; j < f.length; j++) f[j] = (byte) (j * 13 + i);
            frames.add(new CmafWriter.Sample(1024, 0, true, f));
        }
        return CmafWriter.fragment(TrackType.AUDIO, 3, 192_000, frames);
    }
}
