package io.livepipe.channel.ingest;

import io.livepipe.media.MediaSample;
import io.livepipe.media.TrackType;
import java.time.Instant;

/**
 * One track's ingest figures: what the heartbeat reports. Times are in FLV's milliseconds
 * ({@link IngestMonitor#TIMESCALE}). Mutable, confined to the session that owns it.
 */
final class TrackMonitor {
    final TrackType type;
    final long declaredBitrate;
    final String name;
    long firstDecodeTime = -1;
    long lastDecodeTime = -1;
    long lastDuration;
    Instant firstArrival;
    Instant lastArrival;
    long totalBytes;
    long windowBytes;
    Instant windowStart;
    long overlapCount;
    long discontinuityCount;
    long nonincreasingCount;
    /** Samples, the first sample's decode time, key frames and the first and last key frame's decode time in this window. */
    long windowSamples;
    long windowFirstDecodeTime = -1;
    long windowKeyframes;
    long windowFirstKeyframe = -1;
    long windowLastKeyframe = -1;
    /** Media was lost in transport since the last sample: the next one is a discontinuity. */
    boolean lost;

    TrackMonitor(TrackType type, long declaredBitrate, Instant now) {
        this.type = type;
        this.declaredBitrate = declaredBitrate;
        this.name = type.wireName() + "_" + declaredBitrate;
        this.windowStart = now;
    }

    /** The outcome of one sample, for the monitor to turn into events. */
    enum Arrival { FIRST, IN_ORDER, OVERLAP, NONINCREASING, DISCONTINUITY }

    Arrival accept(MediaSample s, Instant now, long discontinuityThresholdMs) {
        totalBytes += s.data().length;
        windowBytes += s.data().length;
        lastArrival = now;
        windowSamples++;
        if (windowFirstDecodeTime < 0) windowFirstDecodeTime = s.decodeTime();
        if (s.keyframe()) {
            if (windowFirstKeyframe < 0) windowFirstKeyframe = s.decodeTime();
            windowLastKeyframe = s.decodeTime();
            windowKeyframes++;
        }
        if (firstDecodeTime < 0) {
            firstDecodeTime = s.decodeTime();
            lastDecodeTime = s.decodeTime();
            firstArrival = now;
            return Arrival.FIRST;
        }
        long delta = s.decodeTime() - lastDecodeTime;
        Arrival a;
        if (lost || delta > discontinuityThresholdMs || delta < -discontinuityThresholdMs) {
            lost = false;
            discontinuityCount++;
            a = Arrival.DISCONTINUITY;
        } else if (delta < 0) {
            overlapCount++;
            a = Arrival.OVERLAP;
        } else if (delta == 0 && type == TrackType.AUDIO) {
            nonincreasingCount++;
            a = Arrival.NONINCREASING;
        } else {
            a = Arrival.IN_ORDER;
        }
        if (delta > 0 && a == Arrival.IN_ORDER) lastDuration = delta;
        if (a != Arrival.OVERLAP) lastDecodeTime = s.decodeTime();
        return a;
    }

    /** Bits per second received since {@code windowStart}. */
    long windowBitrate(Instant now) {
        long ms = Math.max(1, now.toEpochMilli() - windowStart.toEpochMilli());
        return windowBytes * 8_000 / ms;
    }

    /** The declared bitrate, or the average since the first sample when the encoder declared none. */
    long referenceBitrate(Instant now) {
        if (declaredBitrate > 0) return declaredBitrate;
        if (firstArrival == null) return 0;
        long ms = Math.max(1, now.toEpochMilli() - firstArrival.toEpochMilli());
        return totalBytes * 8_000 / ms;
    }

    /** Frames per second of media time in this window; null with fewer than two frames or no time between them. */
    Double windowFrameRate() {
        long span = lastDecodeTime - windowFirstDecodeTime;
        if (windowSamples < 2 || windowFirstDecodeTime < 0 || span <= 0) return null;
        return Math.round((windowSamples - 1) * 1000.0 * 100 / span) / 100.0;
    }

    /** Mean seconds between this window's key frames; null with fewer than two of them. */
    Double windowKeyFrameInterval() {
        if (windowKeyframes < 2 || windowLastKeyframe <= windowFirstKeyframe) return null;
        return Math.round((windowLastKeyframe - windowFirstKeyframe) / (double) (windowKeyframes - 1)) / 1000.0;
    }

    void resetWindow(Instant now) {
        windowSamples = 0;
        windowFirstDecodeTime = -1;
        windowKeyframes = 0;
        windowFirstKeyframe = -1;
        windowLastKeyframe = -1;
        windowBytes = 0;
        windowStart = now;
        overlapCount = 0;
        discontinuityCount = 0;
        nonincreasingCount = 0;
    }
}
