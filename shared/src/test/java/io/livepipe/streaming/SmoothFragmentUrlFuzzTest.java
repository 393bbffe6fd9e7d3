package io.livepipe.streaming;

import io.livepipe.http.Refusal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.Test;

/**
 * Smooth Streaming fragment URLs from outside ({@code QualityLevels(b)/Fragments(s=t)}), alone and
 * inside a whole streaming path: a parsed request with non-negative numbers, or a
 * {@link Refusal} with a 4xx status — never another exception (an overflowing number,
 * a stray parenthesis).
 */
class SmoothFragmentUrlFuzzTest {
    @FuzzTest(maxDuration = "10s")
    void urlsOnlyGive4xx(FuzzedDataProvider data) {
        String quality = data.consumeString(200);
        String fragments = data.consumeRemainingAsString();
        try {
            SmoothFragmentUrl u = SmoothFragmentUrl.parse(quality, fragments);
            assertTrue(u.bitrate() >= 0 && u.time() >= 0 && !u.streamName().isEmpty());
        } catch (Refusal e) {
            assertTrue(e.status() >= 400 && e.status() < 500, "status " + e.status());
        }
        try {
            StreamingRequest r = StreamingRequest.parse("/0123456789abcdef0123456789abcdef/a.ism/" + quality + "/" + fragments);
            assertTrue(r.locator().length() == 32);
        } catch (Refusal e) {
            assertTrue(e.status() >= 400 && e.status() < 500, "status " + e.status());
        }
    }

    @Test
    void parsesWhatAClientFillsIntoTheTemplate() {
        StreamingRequest r = StreamingRequest.parse("/0123456789abcdef0123456789abcdef/show.ism/QualityLevels(606986)/Fragments(video=2520000)");
        assertEquals(StreamingRequest.Kind.SMOOTH_FRAGMENT, r.kind());
        assertEquals("video", r.rendition());
        assertEquals(606986, r.bitrate());
        assertEquals(2520000, r.decodeTime());
        assertEquals(StreamingRequest.Kind.SMOOTH_MANIFEST, StreamingRequest.parse("/0123456789abcdef0123456789abcdef/show.ism/manifest").kind());
        assertEquals(StreamingRequest.Kind.SMOOTH_MANIFEST,
                StreamingRequest.parse("/0123456789abcdef0123456789abcdef/show.ism/manifest(encryption=cenc)").kind());
        assertEquals(StreamingRequest.Kind.HLS_TS_MULTIVARIANT,
                StreamingRequest.parse("/0123456789abcdef0123456789abcdef/show.ism/manifest(format=m3u8-aapl,encryption=cbc)").kind());
        assertEquals(StreamingRequest.Kind.DASH_MPD,
                StreamingRequest.parse("/0123456789abcdef0123456789abcdef/show.ism/manifest(format=mpd-time-csf)").kind());
        assertEquals(StreamingRequest.Kind.TS_SEGMENT, StreamingRequest.parse("/0123456789abcdef0123456789abcdef/show.ism/video/run-a/180000.ts").kind());
        assertEquals(StreamingRequest.Kind.HLS_TS_MEDIA, StreamingRequest.parse("/0123456789abcdef0123456789abcdef/show.ism/video.aapl.m3u8").kind());
        assertEquals(400, assertThrows(Refusal.class, () -> SmoothFragmentUrl.parse("QualityLevels(1234567890123456789)", "Fragments(video=0)")).status());
        assertEquals(404, assertThrows(Refusal.class, () -> SmoothFragmentUrl.parse("QualityLevels(1)", "Fragments(video)")).status());
        assertEquals(404, assertThrows(Refusal.class,
                () -> StreamingRequest.parse("/0123456789abcdef0123456789abcdef/QualityLevels(1)/Fragments(video=0)")).status(), "only below {name}.ism");
    }
}
