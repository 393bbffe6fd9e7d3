package io.livepipe.channel.ingest;

import io.livepipe.events.media.IncomingStreamReceived;
import io.livepipe.events.media.IncomingStreamsOutOfSync;
import io.livepipe.events.media.IngestHeartbeat;
import io.livepipe.events.media.SrtStatistics;
import io.livepipe.events.media.TrackDiscontinuityDetected;
import io.livepipe.media.MediaSample;
import io.livepipe.media.TrackType;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Watches one encoder session's samples and says which Media Services events they call for:
 * IncomingStreamReceived for each track's first sample, TrackDiscontinuityDetected for a jump in
 * a track's timestamps, IncomingStreamsOutOfSync when audio and video drift apart, and on each
 * {@link #heartbeat()} an IngestHeartbeat per track with the rules of EVENTS.md:
 * {@code unexpectedBitrate} when the incoming bitrate is at least twice or at most half the
 * reference (the declared bitrate, else the session's average) or zero; {@code healthy} when no
 * overlap, discontinuity or non-increasing timestamp was seen since the last heartbeat and the
 * bitrate is as expected. Pure but for the clock it reads; confined to one session's thread.
 */
public final class IngestMonitor {
    /** FLV timestamps are milliseconds. */
    public static final long TIMESCALE = 1000;
    /** A jump between consecutive samples of one track larger than this is a discontinuity. */
    public static final long DISCONTINUITY_THRESHOLD_MS = 5_000;
    /** Audio and video last timestamps further apart than this are out of sync. */
    public static final long OUT_OF_SYNC_THRESHOLD_MS = 10_000;

    private final String ingestUrl;
    private final String encoderIp;
    private final String encoderPort;
    private final Map<TrackType, Long> declaredBitrates;
    private final Clock clock;
    private final Map<TrackType, TrackMonitor> tracks = new EnumMap<>(TrackType.class);
    private boolean outOfSync;

    public IngestMonitor(String ingestUrl, String encoderIp, int encoderPort, Map<TrackType, Long> declaredBitrates, Clock clock) {
        this.ingestUrl = ingestUrl;
        this.encoderIp = encoderIp;
        this.encoderPort = Integer.toString(encoderPort);
        this.declaredBitrates = Map.copyOf(declaredBitrates);
        this.clock = clock;
    }

    /** The events (data records) this sample calls for; usually none. */
    public List<Object> onSample(MediaSample s) {
        Instant now = clock.instant();
        TrackMonitor t = tracks.computeIfAbsent(s.type(), type -> new TrackMonitor(type, declaredBitrates.getOrDefault(type, 0L), now));
        long previous = t.lastDecodeTime;
        List<Object> out = new ArrayList<>(1);
        switch (t.accept(s, now, DISCONTINUITY_THRESHOLD_MS)) {
            case FIRST -> out.add(new IncomingStreamReceived(ingestUrl, t.type.wireName(), t.name, t.declaredBitrate,
                    encoderIp, encoderPort, Long.toString(s.decodeTime()), "0", Long.toString(TIMESCALE)));
            case DISCONTINUITY -> out.add(new TrackDiscontinuityDetected(t.type.wireName(), t.name, t.declaredBitrate,
                    Long.toString(previous), Long.toString(s.decodeTime()), Long.toString(TIMESCALE),
                    Long.toString(s.decodeTime() - previous)));
            default -> { }
        }
        checkSync(out);
        return out;
    }

    private void checkSync(List<Object> out) {
        TrackMonitor v = tracks.get(TrackType.VIDEO);
        TrackMonitor a = tracks.get(TrackType.AUDIO);
        if (v == null || a == null || v.lastDecodeTime < 0 || a.lastDecodeTime < 0) return;
        boolean apart = Math.abs(v.lastDecodeTime - a.lastDecodeTime) > OUT_OF_SYNC_THRESHOLD_MS;
        if (apart && !outOfSync) {
            TrackMonitor min = v.lastDecodeTime <= a.lastDecodeTime ? v : a;
            TrackMonitor max = min == v ? a : v;
            String ts = Long.toString(TIMESCALE);
            out.add(new IncomingStreamsOutOfSync(Long.toString(min.lastDecodeTime), min.type.wireName(),
                    Long.toString(max.lastDecodeTime), max.type.wireName(), ts, ts));
        }
        outOfSync = apart;
    }

    /**
     * Media of {@code type} was lost in transport (an MPEG-TS continuity gap): its next sample is
     * a discontinuity whatever its timestamp says.
     */
    public void lost(TrackType type) {
        TrackMonitor t = tracks.get(type);
        if (t != null) t.lost = true;
    }

    /** One heartbeat per track seen, then a new 20-second window begins. */
    public List<IngestHeartbeat> heartbeat(String state) { return heartbeat(state, null); }

    /** As {@link #heartbeat(String)}, each carrying the SRT link's figures when the publisher uses SRT. */
    public List<IngestHeartbeat> heartbeat(String state, SrtStatistics srt) {
        Instant now = clock.instant();
        List<IngestHeartbeat> out = new ArrayList<>();
        for (TrackMonitor t : tracks.values()) {
            out.add(heartbeatOf(t, now, state, t.windowBitrate(now), srt));
            t.resetWindow(now);
        }
        return out;
    }

    /** The heartbeats after the encoder left: incoming bitrate 0, hence unexpected and unhealthy. */
    public List<IngestHeartbeat> heartbeatDisconnected() {
        Instant now = clock.instant();
        List<IngestHeartbeat> out = new ArrayList<>();
        for (TrackMonitor t : tracks.values()) {
            out.add(heartbeatOf(t, now, "Disconnected", 0, null));
            t.resetWindow(now);
        }
        return out;
    }

    private static IngestHeartbeat heartbeatOf(TrackMonitor t, Instant now, String state, long incoming, SrtStatistics srt) {
        long reference = t.referenceBitrate(now);
        boolean unexpected = unexpectedBitrate(incoming, reference);
        boolean healthy = t.overlapCount == 0 && t.discontinuityCount == 0 && t.nonincreasingCount == 0 && !unexpected;
        long drift = t.firstArrival == null || t.lastDecodeTime < 0 ? 0
                : (now.toEpochMilli() - t.firstArrival.toEpochMilli()) - (t.lastDecodeTime - t.firstDecodeTime);
        return new IngestHeartbeat(t.type.wireName(), t.name, t.declaredBitrate, incoming,
                Long.toString(Math.max(0, t.lastDecodeTime)), Long.toString(TIMESCALE), t.overlapCount,
                t.discontinuityCount, t.nonincreasingCount, unexpected, state, healthy,
                t.lastArrival == null ? now.toString() : t.lastArrival.toString(),
                (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, drift / 1000)), "Off", "", srt,
                t.type == TrackType.VIDEO ? t.windowFrameRate() : null,
                t.type == TrackType.VIDEO ? t.windowKeyFrameInterval() : null);
    }

    /** EVENTS.md: at least twice or at most half the expected bitrate, or nothing at all. */
    public static boolean unexpectedBitrate(long incoming, long reference) {
        if (incoming == 0) return true;
        if (reference <= 0) return false;
        return incoming >= 2 * reference || incoming <= reference / 2;
    }
}
