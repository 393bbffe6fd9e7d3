package io.livepipe.encoder.live;

import io.livepipe.media.MediaSample;
import io.livepipe.media.TrackType;
import java.util.Arrays;
import java.util.List;

/**
 * Where the archive picks up a channel's other input when it becomes the active one (failover,
 * or a reconnect), decided from what was archived last and what the input holds warm. Pure.
 *
 * <p><b>Continuous</b> when the new input's video timeline spans the last archived video
 * timestamp (within {@link #ALIGN_TOLERANCE_MS}): the two inputs carry the same timestamps (one
 * encoder, two outputs; or encoders locked to one clock). Then each track continues at its first
 * sample after the last archived one, with no discontinuity; video starts at the next keyframe,
 * unless the new input holds the last archived video sample byte for byte (the same bitstream),
 * in which case it continues at the very next frame. <b>Discontinuous</b> otherwise: the archive
 * marks one discontinuity and starts at the first keyframe of the new input that arrived no
 * earlier than the last archived sample (so a reconnect loses nothing, and a warm backup adds no
 * stale media), audio from that keyframe's timestamp on.
 */
final class InputJoin {
    /** How far the inputs' timelines may be apart and still count as one timeline. */
    static final long ALIGN_TOLERANCE_MS = 1_000;

    /** A sample of the warm input with when it arrived. */
    record Warm(MediaSample sample, long arrivalNanos) { }

    private final boolean continuous;
    private final MediaSample lastVideo;
    private final MediaSample lastAudio;
    private final long notBeforeNanos;
    private boolean sameBitstream;
    private boolean videoStarted;
    private boolean audioStarted;
    private long videoStartMs;

    private InputJoin(boolean continuous, MediaSample lastVideo, MediaSample lastAudio, long notBeforeNanos) {
        this.continuous = continuous;
        this.lastVideo = lastVideo;
        this.lastAudio = lastAudio;
        this.notBeforeNanos = notBeforeNanos;
    }

    /**
     * The join for an input holding {@code warm} (oldest first), after the archive's last video and
     * audio samples ({@code null} when none), the last of them archived at {@code lastArrivalNanos}.
     */
    static InputJoin plan(MediaSample lastVideo, MediaSample lastAudio, long lastArrivalNanos, List<Warm> warm) {
        if (lastVideo == null) return new InputJoin(false, null, null, Long.MIN_VALUE);
        long oldest = Long.MAX_VALUE;
        long newest = Long.MIN_VALUE;
        for (Warm w : warm) {
            if (w.sample().type() != TrackType.VIDEO) continue;
            oldest = Math.min(oldest, w.sample().decodeTime());
            newest = Math.max(newest, w.sample().decodeTime());
        }
        long t = lastVideo.decodeTime();
        boolean aligned = newest != Long.MIN_VALUE && oldest <= t + ALIGN_TOLERANCE_MS && newest >= t - ALIGN_TOLERANCE_MS;
        return new InputJoin(aligned, lastVideo, lastAudio, lastArrivalNanos);
    }

    boolean continuous() { return continuous; }

    /** Whether the new input's {@code s} (arrived at {@code arrivalNanos}) goes into the archive. */
    boolean admit(MediaSample s, long arrivalNanos) {
        boolean video = s.type() == TrackType.VIDEO;
        if (continuous) {
            MediaSample last = video ? lastVideo : lastAudio;
            if (last != null && s.decodeTime() <= last.decodeTime()) {
                if (video && s.decodeTime() == last.decodeTime() && Arrays.equals(s.data(), last.data())) sameBitstream = true;
                return false;
            }
            if (video && !videoStarted) {
                if (!s.keyframe() && !sameBitstream) return false;
                videoStarted = true;
            }
            if (!video) audioStarted = true;
            return true;
        }
        if (video && !videoStarted) {
            if (!s.keyframe() || arrivalNanos < notBeforeNanos) return false;
            videoStarted = true;
            videoStartMs = s.decodeTime();
            return true;
        }
        boolean in = videoStarted && (video || s.decodeTime() >= videoStartMs);
        if (in && !video) audioStarted = true;
        return in;
    }

    /** Both tracks have started: the join is over, everything after is admitted. */
    boolean joined() { return videoStarted && audioStarted; }
}
