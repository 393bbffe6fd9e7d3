package io.livepipe.channel.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livepipe.events.media.IncomingStreamReceived;
import io.livepipe.events.media.IncomingStreamsOutOfSync;
import io.livepipe.events.media.IngestHeartbeat;
import io.livepipe.events.media.TrackDiscontinuityDetected;
import io.livepipe.media.MediaSample;
import io.livepipe.media.TrackType;
import io.livepipe.testing.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IngestMonitorTest {
    /** A clock the test moves. */
    final SettableClock clock = new SettableClock();
    final IngestMonitor monitor = new IngestMonitor("rtmp://h:1935/live/k", "127.0.0.1", 50000,
            Map.of(TrackType.VIDEO, 1_000_000L, TrackType.AUDIO, 128_000L), clock);

    static MediaSample video(long t, int bytes) { return new MediaSample(TrackType.VIDEO, t, 0, t % 2000 == 0, new byte[bytes]); }

    static MediaSample audio(long t, int bytes) { return new MediaSample(TrackType.AUDIO, t, 0, true, new byte[bytes]); }

    /** 20 s of 1 Mbit/s video at 25 fps and 128 kbit/s audio, in real time. */
    void feed(long fromMs, double videoRateFactor) {
        int videoFrame = (int) (1_000_000 / 8 / 25 * videoRateFactor);
        for (long t = fromMs; t < fromMs + 20_000; t += 40) {
            monitor.onSample(video(t, videoFrame));
            if (t % 80 == 0) monitor.onSample(audio(t, 128_000 / 8 / 25 * 2));
            clock.advance(Duration.ofMillis(40));
        }
    }

    @Test
    void videoHeartbeatsCarryTheWindowsFrameRateAndKeyFrameInterval() {
        feed(0, 1.0); // 25 fps, a key frame every 2 s
        List<IngestHeartbeat> hb = monitor.heartbeat("Running");
        IngestHeartbeat v = hb.stream().filter(h -> h.trackType().equals("video")).findFirst().orElseThrow();
        IngestHeartbeat a = hb.stream().filter(h -> h.trackType().equals("audio")).findFirst().orElseThrow();
        assertEquals(25.0, v.frameRate());
        assertEquals(2.0, v.keyFrameInterval());
        assertEquals(null, a.frameRate(), "audio has no frame rate");
        assertEquals(null, a.keyFrameInterval());
        // the next window has its own figures: nothing arrived, so none
        IngestHeartbeat empty = monitor.heartbeat("Running").stream().filter(h -> h.trackType().equals("video")).findFirst().orElseThrow();
        assertEquals(null, empty.frameRate());
        assertEquals(null, empty.keyFrameInterval());
    }

    @Test
    void firstSampleOfEachTrackIsAnnounced() {
        List<Object> v = monitor.onSample(video(0, 100));
        List<Object> a = monitor.onSample(audio(0, 10));
        IncomingStreamReceived rv = assertInstanceOf(IncomingStreamReceived.class, v.get(0));
        assertEquals("video", rv.trackType());
        assertEquals("video_1000000", rv.trackName());
        assertEquals("1000", rv.timescale());
        assertEquals("audio_128000", ((IncomingStreamReceived) a.get(0)).trackName());
        assertTrue(monitor.onSample(video(40, 100)).isEmpty());
    }

    @Test
    void steadyStreamIsHealthyWithMeasuredBitrate() {
        feed(0, 1.0);
        List<IngestHeartbeat> hb = monitor.heartbeat("Running");
        assertEquals(2, hb.size());
        IngestHeartbeat v = hb.stream().filter(h -> h.trackType().equals("video")).findFirst().orElseThrow();
        assertTrue(Math.abs(v.incomingBitrate() - 1_000_000) < 20_000, "measured " + v.incomingBitrate());
        assertFalse(v.unexpectedBitrate());
        assertTrue(v.healthy());
        assertEquals("19960", v.lastTimestamp());
    }

    @Test
    void bitrateAtTwiceOrHalfTheDeclaredIsUnexpected() {
        feed(0, 2.1);
        IngestHeartbeat v = monitor.heartbeat("Running").get(0);
        assertTrue(v.unexpectedBitrate());
        assertFalse(v.healthy());
        assertTrue(IngestMonitor.unexpectedBitrate(0, 1000));
        assertTrue(IngestMonitor.unexpectedBitrate(500, 1000));
        assertFalse(IngestMonitor.unexpectedBitrate(501, 1000));
        assertTrue(IngestMonitor.unexpectedBitrate(2000, 1000));
        assertFalse(IngestMonitor.unexpectedBitrate(1999, 1000));
    }

    @Test
    void jumpInTimestampsIsADiscontinuityAndMakesTheWindowUnhealthy() {
        feed(0, 1.0);
        monitor.heartbeat("Running");
        monitor.onSample(video(20_000, 5000));
        List<Object> e = monitor.onSample(video(90_000, 5000));
        TrackDiscontinuityDetected d = assertInstanceOf(TrackDiscontinuityDetected.class, e.get(0));
        assertEquals("20000", d.previousTimestamp());
        assertEquals("90000", d.newTimestamp());
        assertEquals("70000", d.discontinuityGap());
        IngestHeartbeat v = monitor.heartbeat("Running").stream().filter(h -> h.trackType().equals("video")).findFirst().orElseThrow();
        assertEquals(1, v.discontinuityCount());
        assertFalse(v.healthy());
    }

    @Test
    void mediaLostInTransportMakesTheNextSampleADiscontinuityAndHeartbeatsCarryTheLink() {
        feed(0, 1.0);
        monitor.heartbeat("Running");
        monitor.onSample(video(20_000, 5000));
        monitor.lost(TrackType.VIDEO);
        List<Object> e = monitor.onSample(video(20_080, 5000));
        TrackDiscontinuityDetected d = assertInstanceOf(TrackDiscontinuityDetected.class, e.get(0));
        assertEquals("20000", d.previousTimestamp());
        assertEquals("20080", d.newTimestamp());
        assertTrue(monitor.onSample(video(20_120, 5000)).isEmpty(), "once only");
        io.livepipe.events.media.SrtStatistics link = new io.livepipe.events.media.SrtStatistics(1.5, 900, 3, 3, 0, 1.1, 120);
        List<IngestHeartbeat> hb = monitor.heartbeat("Running", link);
        IngestHeartbeat v = hb.stream().filter(h -> h.trackType().equals("video")).findFirst().orElseThrow();
        assertEquals(1, v.discontinuityCount());
        assertFalse(v.healthy());
        assertTrue(hb.stream().allMatch(h -> link.equals(h.srt())));
        assertTrue(monitor.heartbeat("Running").stream().allMatch(h -> h.srt() == null), "RTMP heartbeats carry none");
    }

    @Test
    void audioAndVideoDriftingApartIsReportedOnce() {
        monitor.onSample(video(0, 10));
        monitor.onSample(audio(0, 10));
        long t = 0;
        int reports = 0;
        for (int i = 0; i < 400; i++) {
            t += 40;
            for (Object o : monitor.onSample(video(t, 10))) if (o instanceof IncomingStreamsOutOfSync) reports++;
        }
        assertEquals(1, reports);
    }

    @Test
    void heartbeatAfterDisconnectReportsZeroIncomingAsUnexpected() {
        feed(0, 1.0);
        for (IngestHeartbeat h : monitor.heartbeatDisconnected()) {
            assertEquals(0, h.incomingBitrate());
            assertTrue(h.unexpectedBitrate());
            assertFalse(h.healthy());
        }
    }
}
