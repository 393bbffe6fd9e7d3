package io.livepipe.media.cmaf;

import io.livepipe.media.CodecConfig;
import io.livepipe.media.MediaSample;
import io.livepipe.media.TrackType;
import io.livepipe.media.aac.AacConfig;
import io.livepipe.media.mp4.CmafWriter;
import io.livepipe.media.mp4.TrackInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The fragmenter stage: timestamped samples in, CMAF headers and fragments out, one track per
 * file. Video fragments start on a keyframe: a fragment is cut at the first keyframe at or after
 * the target duration. Audio fragments are cut at the same instants as video (within one audio
 * frame), or by duration when there is no video. Each sample's duration is the distance to the
 * next one, so a fragment is emitted when the next fragment's first sample arrives. Audio
 * durations come from the 1024 samples of each AAC frame, anchored to the incoming timestamps.
 * Decode times never restart: after {@link #discontinuity()} (an encoder reconnect) the new
 * timestamps are shifted to continue where the last fragment ended, and that fragment is flagged.
 * Every track of the new session lands at or after its own end (decode end, and for video its
 * presentation end: the last frames of a session with B-frames present up to one reordering
 * delay after its decode end), the tracks shifted alike so that A/V sync stays as contributed.
 * A fragmenter that starts on a run another process left ({@link #continueAfter}) does the same
 * after what that run's store holds: numbering after its last fragment, times after its end.
 *
 * <p>Times are the contribution's, moved only by the session's offset: {@code tfdt} is the first
 * sample's decode time and composition offsets are the encoder's, zero or more. Within a
 * session (closed GOPs) video presentation times therefore never go back at a fragment
 * boundary: each fragment presents from its keyframe, its {@code tfdt} plus the encoder's
 * reordering delay. No negative offsets and no edit list: the package documentation says why.
 *
 * <p>Chunked CMAF (low latency): given a part target, the fragmenter also emits each fragment's
 * samples as {@link Part}s while the fragment grows — a moof+mdat of the samples since the last
 * part, cut once they span the part target (video: before the sample that would pass it; a
 * keyframe that starts a fragment always starts a part). The parts of a fragment hold exactly its
 * samples, in order, and the last part is emitted just before the fragment itself. The fragment
 * stays one moof+mdat for the archive: parts are for the live edge only.
 * Not thread-safe: one channel, one thread at a time.
 */
public final class Fragmenter {
    /** A fragment longer than this many targets without a keyframe is cut anyway. */
    static final int MAX_TARGETS_WITHOUT_KEYFRAME = 3;
    /** A fragment is cut before it grows past this many bytes. */
    static final int MAX_FRAGMENT_BYTES = 32 * 1024 * 1024;

    private final long targetMs;
    private final Consumer<Segment> out;
    /** 0: no parts. */
    private final long partTargetMs;
    private final Consumer<Part> parts;
    private final Map<TrackType, Track> tracks = new EnumMap<>(TrackType.class);
    private final ArrayDeque<Long> videoCuts = new ArrayDeque<>();
    private final Map<TrackType, Long> resumedSequence = new EnumMap<>(TrackType.class);
    private final Map<TrackType, Long> resumedPresentationEndMs = new EnumMap<>(TrackType.class);
    private long offsetMs;
    private long floorMs;
    private boolean reanchor;
    /** Whether a fragment of the current session (since the last reanchor) was emitted: until then the session may still move later. */
    private boolean sessionEmitted;

    public Fragmenter(Duration target, Consumer<Segment> out) {
        this(target, out, Duration.ZERO, p -> { });
    }

    /** As above, also emitting parts of about {@code partTarget} to {@code parts} (zero: none). */
    public Fragmenter(Duration target, Consumer<Segment> out, Duration partTarget, Consumer<Part> parts) {
        this.targetMs = target.toMillis();
        this.out = out;
        this.partTargetMs = partTarget.toMillis();
        this.parts = parts;
        if (partTargetMs < 0 || (partTargetMs > 0 && partTargetMs > targetMs)) {
            throw new IllegalArgumentException("part target must be between 0 and the segment target");
        }
    }

    /** One track's fragment in progress. */
    private final class Track {
        final TrackInfo info;
        final List<MediaSample> pending = new ArrayList<>();
        final List<Long> pendingDts = new ArrayList<>();
        long pendingBytes;
        /** Index in {@code pending} of the first sample not yet emitted as a part. */
        int partStart;
        int partIndex;
        long sequence;
        long lastDuration;
        long endTime = -1;
        /** Where the last emitted sample's presentation ends (decode time + composition offset + duration); -1: nothing emitted. */
        long presentationEnd = -1;
        long nextAudioDts = -1;
        boolean discontinuity;
        /** No sample of the current session yet: its first must land after this track's ends. */
        boolean awaitingSession = true;

        Track(TrackInfo info) { this.info = info; }

        long toTrack(long ms) { return Math.multiplyExact(ms, info.timescale()) / 1000; }

        long toMs(long t) { return t * 1000 / info.timescale(); }
    }

    public void config(CodecConfig c) {
        TrackInfo info = TrackInfo.of(c);
        Track existing = tracks.get(info.type());
        if (existing != null && Arrays.equals(existing.info.config().config(), c.config())) return;
        if (existing != null) emit(existing, -1);
        Track t = new Track(info);
        if (existing != null) {
            t.sequence = existing.sequence;
            t.endTime = existing.endTime;
            t.presentationEnd = existing.presentationEnd;
            t.discontinuity = true;
        }
        Long resumed = resumedSequence.remove(info.type());
        Long presented = resumedPresentationEndMs.remove(info.type());
        if (existing == null && resumed != null) {
            t.sequence = resumed;
            t.discontinuity = true;
            if (presented != null && presented >= 0) t.presentationEnd = t.toTrack(presented);
        }
        tracks.put(info.type(), t);
        out.accept(new Segment(info.type(), info, true, 0, 0, 0, true, false, CmafWriter.init(info)));
    }

    /**
     * Before any media: the run this fragmenter writes already holds fragments up to
     * {@code lastSequence} for {@code type} and media up to {@code endMs} on the run's timeline
     * (any track). The first fragment of each track is numbered after it, starts at or after
     * {@code endMs} and is flagged as a discontinuity, exactly as after {@link #discontinuity()}.
     */
    public void continueAfter(TrackType type, long lastSequence, long endMs) {
        continueAfter(type, lastSequence, endMs, -1);
    }

    /**
     * As {@link #continueAfter(TrackType, long, long)}, knowing also where the run's last
     * fragment of {@code type} ends being presented ({@code presentationEndMs}, -1 if unknown):
     * the track's first frame of the new session presents at or after it.
     */
    public void continueAfter(TrackType type, long lastSequence, long endMs, long presentationEndMs) {
        if (lastSequence < 0 || endMs < 0) throw new IllegalArgumentException("negative resume point");
        if (tracks.containsKey(type)) throw new IllegalStateException("continueAfter comes before the track's first config");
        resumedSequence.put(type, lastSequence);
        resumedPresentationEndMs.put(type, presentationEndMs);
        floorMs = Math.max(floorMs, endMs);
        reanchor = true;
    }

    /** The encoder went away and another session continues this run: flush, then continue the timeline. */
    public void discontinuity() {
        flush();
        reanchor = true;
        for (Track t : tracks.values()) {
            t.discontinuity = true;
            t.nextAudioDts = -1;
            t.awaitingSession = true;
        }
        videoCuts.clear();
    }

    public void sample(MediaSample s) {
        Track t = tracks.get(s.type());
        if (t == null) return;
        if (reanchor) {
            long endMs = floorMs;
            for (Track x : tracks.values()) if (x.endTime >= 0) endMs = Math.max(endMs, x.toMs(x.endTime) + 1);
            offsetMs = endMs - s.decodeTime();
            reanchor = false;
            sessionEmitted = false;
        }
        if (t.awaitingSession) {
            t.awaitingSession = false;
            long late = shortfallMs(t, s.decodeTime() + offsetMs, s.type() == TrackType.VIDEO ? s.compositionOffset() : 0);
            if (late > 0 && !sessionEmitted) moveSessionLater(late);
        }
        long ms = s.decodeTime() + offsetMs;
        MediaSample shifted = new MediaSample(s.type(), ms, s.compositionOffset(), s.keyframe(), s.data());
        if (s.type() == TrackType.VIDEO) video(t, shifted); else audio(t, shifted);
    }

    /**
     * How many milliseconds a session's first sample of {@code t}, at {@code ms} on the run's
     * timeline, comes too early: before the track's decode end, or (video) presenting before
     * the track's last frame has been presented. 0 when it is late enough.
     */
    private static long shortfallMs(Track t, long ms, long compositionOffsetMs) {
        long late = 0;
        if (t.endTime >= 0) late = Math.max(late, ceilMs(t, t.endTime) - ms);
        if (t.presentationEnd >= 0) late = Math.max(late, ceilMs(t, t.presentationEnd) - ms - compositionOffsetMs);
        return late;
    }

    private static long ceilMs(Track t, long ticks) {
        return Math.floorDiv(ticks * 1000 + t.info.timescale() - 1, t.info.timescale());
    }

    /**
     * The current session starts {@code ms} later on the run's timeline: every track alike, what
     * it has pending too (none of it emitted yet), so that A/V sync stays as contributed.
     */
    private void moveSessionLater(long ms) {
        offsetMs += ms;
        for (Track x : tracks.values()) {
            long ticks = x.toTrack(ms);
            for (int i = 0; i < x.pending.size(); i++) {
                MediaSample m = x.pending.get(i);
                x.pending.set(i, new MediaSample(m.type(), m.decodeTime() + ms, m.compositionOffset(), m.keyframe(), m.data()));
                x.pendingDts.set(i, x.pendingDts.get(i) + ticks);
            }
            if (x.nextAudioDts >= 0) x.nextAudioDts += ticks;
        }
        List<Long> cuts = new ArrayList<>(videoCuts);
        videoCuts.clear();
        for (long c : cuts) videoCuts.add(c + ms);
    }

    private void video(Track t, MediaSample s) {
        long dts = t.toTrack(s.decodeTime());
        if (!t.pending.isEmpty()) {
            long segMs = s.decodeTime() - t.pending.get(0).decodeTime();
            boolean due = s.keyframe() && segMs >= targetMs;
            boolean forced = segMs >= MAX_TARGETS_WITHOUT_KEYFRAME * targetMs || t.pendingBytes + s.data().length > MAX_FRAGMENT_BYTES;
            if (due || forced) {
                emit(t, dts);
                videoCuts.add(s.decodeTime());
                forgetOldVideoCuts();
            } else {
                partDue(t, s.decodeTime(), dts);
            }
        }
        add(t, s, dts);
    }

    /**
     * Emits the samples since the last part as a part when the sample arriving at {@code ms}, lasting
     * about as long as the one before it, would take the part past the part target: parts never
     * last longer than the target (RFC 8216bis §4.4.4.9).
     */
    private void partDue(Track t, long ms, long nextDts) {
        if (partTargetMs <= 0 || t.partStart >= t.pending.size()) return;
        long frame = Math.max(0, ms - t.pending.get(t.pending.size() - 1).decodeTime());
        if (ms + frame - t.pending.get(t.partStart).decodeTime() > partTargetMs) emitPart(t, nextDts);
    }

    private void emitPart(Track t, long nextDts) {
        if (partTargetMs <= 0 || t.partStart >= t.pending.size()) return;
        List<CmafWriter.Sample> samples = samples(t, t.partStart, nextDts);
        long base = t.pendingDts.get(t.partStart);
        long duration = 0;
        for (CmafWriter.Sample x : samples) duration += x.duration();
        boolean video = t.info.type() == TrackType.VIDEO;
        boolean independent = !video || t.pending.get(t.partStart).keyframe();
        // parts take their own moof sequence numbers: the fragment keeps the archive's numbering
        byte[] bytes = CmafWriter.fragment(t.info.type(), (t.sequence + 1) * 1000 + t.partIndex, base, samples);
        Part p = new Part(t.info.type(), t.sequence + 1, t.partIndex, base, duration, independent, t.partIndex == 0 && t.discontinuity, bytes);
        t.partIndex++;
        t.partStart = t.pending.size();
        parts.accept(p);
    }

    private void audio(Track t, MediaSample s) {
        long anchored = t.toTrack(s.decodeTime());
        long dts = t.nextAudioDts < 0 || Math.abs(anchored - t.nextAudioDts) > AacConfig.SAMPLES_PER_FRAME ? anchored : t.nextAudioDts;
        if (!t.pending.isEmpty() && t.pendingDts.get(t.pendingDts.size() - 1) >= dts) dts = t.pendingDts.get(t.pendingDts.size() - 1) + 1;
        t.nextAudioDts = dts + AacConfig.SAMPLES_PER_FRAME;
        if (!t.pending.isEmpty()) {
            long segMs = s.decodeTime() - t.pending.get(0).decodeTime();
            boolean hasVideo = tracks.containsKey(TrackType.VIDEO);
            boolean cutDue = !videoCuts.isEmpty() && s.decodeTime() >= videoCuts.peek();
            boolean byDuration = (!hasVideo && segMs >= targetMs) || segMs >= MAX_TARGETS_WITHOUT_KEYFRAME * targetMs;
            if (cutDue || byDuration) {
                while (!videoCuts.isEmpty() && s.decodeTime() >= videoCuts.peek()) videoCuts.poll();
                emit(t, dts);
            } else {
                partDue(t, s.decodeTime(), dts);
            }
        }
        add(t, s, dts);
    }

    /**
     * Bounds the video cuts audio has yet to follow to the newest 8 (audio past a cut is cut at
     * its next sample, in {@link #audio}; a track without audio would otherwise keep every cut).
     */
    private void forgetOldVideoCuts() {
        while (videoCuts.size() > 8) videoCuts.poll();
    }

    private static void add(Track t, MediaSample s, long dts) {
        t.pending.add(s);
        t.pendingDts.add(dts);
        t.pendingBytes += s.data().length;
    }

    /** Emits the pending samples as one fragment; {@code nextDts} < 0 means the stream ended. */
    private void emit(Track t, long nextDts) {
        if (t.pending.isEmpty()) return;
        boolean video = t.info.type() == TrackType.VIDEO;
        long lastDurationBefore = t.lastDuration;
        emitPart(t, nextDts);
        t.lastDuration = lastDurationBefore;
        List<CmafWriter.Sample> samples = samples(t, 0, nextDts);
        long base = t.pendingDts.get(0);
        long end = t.pendingDts.get(t.pendingDts.size() - 1) + samples.get(samples.size() - 1).duration();
        long presentationEnd = end;
        for (int i = 0; i < samples.size(); i++) {
            CmafWriter.Sample x = samples.get(i);
            presentationEnd = Math.max(presentationEnd, t.pendingDts.get(i) + x.compositionOffset() + x.duration());
        }
        t.presentationEnd = Math.max(t.presentationEnd, presentationEnd);
        sessionEmitted = true;
        t.sequence++;
        byte[] bytes = CmafWriter.fragment(t.info.type(), t.sequence, base, samples);
        boolean startsWithKey = !video || t.pending.get(0).keyframe();
        Segment s = new Segment(t.info.type(), t.info, false, t.sequence, base, end - base, startsWithKey, t.discontinuity, bytes,
                samples.size());
        t.discontinuity = false;
        t.endTime = end;
        t.pending.clear();
        t.pendingDts.clear();
        t.pendingBytes = 0;
        t.partStart = 0;
        t.partIndex = 0;
        out.accept(s);
    }

    /** The pending samples from {@code from} on, each lasting to the next ({@code nextDts} after the last; < 0: the stream ended). */
    private static List<CmafWriter.Sample> samples(Track t, int from, long nextDts) {
        List<CmafWriter.Sample> samples = new ArrayList<>(t.pending.size() - from);
        boolean video = t.info.type() == TrackType.VIDEO;
        for (int i = from; i < t.pending.size(); i++) {
            long dts = t.pendingDts.get(i);
            long next = i + 1 < t.pending.size() ? t.pendingDts.get(i + 1)
                    : nextDts >= 0 ? nextDts : dts + (video ? Math.max(1, t.lastDuration) : AacConfig.SAMPLES_PER_FRAME);
            long d = next - dts;
            if (d <= 0) d = video ? Math.max(1, t.lastDuration) : AacConfig.SAMPLES_PER_FRAME;
            if (video) t.lastDuration = d;
            MediaSample m = t.pending.get(i);
            int cto = video ? (int) t.toTrack(m.compositionOffset()) : 0;
            samples.add(new CmafWriter.Sample((int) Math.min(d, Integer.MAX_VALUE), cto, !video || m.keyframe(), m.data()));
        }
        return samples;
    }

    /** Emits what is pending (end of stream or before a reconnect). */
    public void flush() {
        Track v = tracks.get(TrackType.VIDEO);
        if (v != null) emit(v, -1);
        Track a = tracks.get(TrackType.AUDIO);
        if (a != null) emit(a, -1);
    }
}
