package io.livepipe.encoder.push;

import io.livepipe.encoder.publish.IngestConnection;
import io.livepipe.encoder.publish.PublishSession;
import io.livepipe.events.media.ResultCodes;
import io.livepipe.media.MalformedMediaException;
import io.livepipe.media.MediaSample;
import io.livepipe.media.TrackType;
import io.livepipe.media.mp4.MovieFragment;
import io.livepipe.media.mp4.Mp4Track;
import io.livepipe.media.mp4.TrackRun;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.logging.Logger;

/**
 * One accepted HTTP push to a stream key: every upload of its sender (init and media segments of
 * each track, at once or one after another, or one long Smooth POST) feeds the one
 * {@link PublishSession}, in decode order across tracks ({@link TrackInterleaver}). The first
 * supported video track and the first audio track are ingested (a contribution of several
 * renditions gives its first of each; the others are dropped). It ends when the channel ends it,
 * when an upload fails, when a whole stream's POST ends, when the sender's manifest says the
 * presentation ended, or after a silence with no upload open.
 * Calls into uploads are made outside its lock, so an upload may call in while holding its own.
 */
final class PushPublish {
    private static final Logger LOG = Logger.getLogger(PushPublish.class.getName());
    /** Media of the first track that waits for the others' headers before anything leaves. */
    static final long STARTUP_SPAN_MS = 1000;
    /** How much later media of a track must wait behind a sample before it leaves: room for a segment overtaken by the next. */
    static final long REORDER_MS = 500;
    /** How far every pushed timeline moves forward, so that what an edit list puts before 0 stays non-negative. */
    static final long TIMELINE_OFFSET_MS = 1000;
    /** After the sender's manifest announced the end, how long no upload must be open before the publish ends. */
    static final long ENDING_GRACE_NANOS = 1_000_000_000L;

    /** The track of one type the channel gets: where its header came from, and its clock. */
    private record Slot(String trackKey, Mp4Track track, PushTrack clock) { }

    private final PublishSession session;
    private final Runnable onEnded;
    private final LongSupplier nanos;
    private final Map<String, List<Mp4Track>> headers = new HashMap<>();
    private final Map<TrackType, Slot> slots = new EnumMap<>(TrackType.class);
    private final TrackInterleaver interleaver;
    private final Set<PushUpload> open = new LinkedHashSet<>();
    private final String remote;
    private long idleSince;
    private long offsetMs = Long.MIN_VALUE;
    private boolean paused;
    private boolean closed;
    /** The sender's manifest said the presentation ended: the publish ends once no upload is open. */
    private boolean ending;
    private final Set<String> dropped = new java.util.HashSet<>();
    /** Fragments whose track's header has not arrived yet (it may be on another connection, a moment behind). */
    private final java.util.ArrayDeque<Early> early = new java.util.ArrayDeque<>();
    private final long maxEarlyBytes;
    private long earlyBytes;

    private record Early(String trackKey, byte[] moof, byte[] mdat) { }

    PushPublish(PublishSession session, PushLimits limits, String remote, LongSupplier nanos, Runnable onEnded) {
        this.session = session;
        this.remote = remote;
        this.nanos = nanos;
        this.onEnded = onEnded;
        this.interleaver = new TrackInterleaver(limits.maxInterleaveSpan().toMillis(), limits.maxHeldBytesTotal() / 8, STARTUP_SPAN_MS, REORDER_MS);
        this.idleSince = nanos.getAsLong();
        this.maxEarlyBytes = limits.maxBoxBytes();
    }

    /** Tells the session it started, with the means for the channel to end or slow this push. */
    void start() {
        session.onStart(new IngestConnection() {
            @Override
            public void close(String resultCode) { PushPublish.this.close(resultCode); }

            @Override
            public void reading(boolean on) { PushPublish.this.reading(on); }
        });
    }

    /** Adds an upload; false when the publish already ended (the upload must ask again). */
    boolean attach(PushUpload u) {
        boolean pause;
        synchronized (this) {
            if (closed) return false;
            open.add(u);
            pause = paused;
        }
        if (pause) u.reading(false);
        return true;
    }

    /** A header (moov) of the track key's segments, or of a whole stream. */
    void header(String trackKey, List<Mp4Track> tracks) {
        String unsupported = null;
        TrackType unsupportedType = null;
        synchronized (this) {
            if (closed) return;
            headers.put(trackKey, tracks);
            for (Mp4Track t : tracks) {
                if (t.type() == null) continue;
                Slot s = slots.get(t.type());
                if (!t.supported()) {
                    if (s == null && unsupported == null) {
                        unsupported = t.codec();
                        unsupportedType = t.type();
                    }
                    continue;
                }
                if (s == null || (s.trackKey().equals(trackKey) && s.track().trackId() == t.trackId())) {
                    boolean sameConfig = s != null && Arrays.equals(s.track().config().config(), t.config().config());
                    slots.put(t.type(), new Slot(trackKey, t, new PushTrack(t)));
                    interleaver.expect(t.type());
                    if (!sameConfig) session.onCodecConfig(t.config());
                }
            }
            if (unsupported != null) session.onUnsupportedCodec(unsupportedType, unsupported.replaceAll("[^ -~]", "?"));
            if (unsupported == null) replayEarly();
        }
        if (unsupported != null) close(ResultCodes.CODEC_NOT_SUPPORTED);
    }

    /**
     * A moof and its mdat from an upload of {@code trackKey}; {@code local}: the tracks of that
     * upload's own moov, or null. A fragment of a track whose header has not come yet waits for it
     * (at most one box's worth of bytes wait; beyond that it is malformed).
     */
    void fragment(String trackKey, List<Mp4Track> local, byte[] moof, byte[] mdat) {
        synchronized (this) {
            if (closed) return;
            if (local == null && !early.isEmpty()) {
                wait(new Early(trackKey, moof, mdat));
                return;
            }
            if (!apply(trackKey, local, moof, mdat)) wait(new Early(trackKey, moof, mdat));
        }
    }

    private void wait(Early e) {
        earlyBytes += e.moof().length + e.mdat().length;
        if (earlyBytes > maxEarlyBytes) {
            throw new MalformedMediaException("segments of track '" + e.trackKey() + "' came without a header for "
                    + earlyBytes + " bytes");
        }
        early.add(e);
    }

    /** Fragments that waited for a header go in, in order, as far as their headers are known now. */
    private void replayEarly() {
        while (!early.isEmpty()) {
            Early e = early.peek();
            if (!apply(e.trackKey(), null, e.moof(), e.mdat())) return;
            early.poll();
            earlyBytes -= e.moof().length + e.mdat().length;
        }
    }

    /** Delivers one fragment's runs; false when a track of it has no header yet (nothing delivered then). */
    private boolean apply(String trackKey, List<Mp4Track> local, byte[] moof, byte[] mdat) {
        boolean[] missing = {false};
        Map<Integer, Slot> bySource = new HashMap<>();
        List<TrackRun> runs;
        try {
            runs = MovieFragment.parse(moof, mdat, id -> {
                Slot slot = resolve(trackKey, local, id);
                if (slot != null) bySource.put(id, slot);
                Mp4Track t = slot == null ? lookup(trackKey, local, id) : slot.track();
                if (t == null) missing[0] = true;
                return t;
            });
        } catch (MalformedMediaException e) {
            if (missing[0] && local == null) return false;
            throw e;
        }
        for (TrackRun run : runs) {
            Slot slot = bySource.get(run.trackId());
            if (slot == null) {
                if (dropped.add(trackKey + "#" + run.trackId())) {
                    LOG.info(() -> "event=push_track_dropped " + PublishSession.who(remote, session) + " track=" + run.trackId() + " reason=not_the_first_of_its_type");
                }
                continue;
            }
            deliver(interleaver.add(slot.clock().samples(run)));
        }
        return true;
    }

    /** The chosen slot that track {@code id} of this source is, or null (another rendition, or unknown). */
    private Slot resolve(String trackKey, List<Mp4Track> local, int id) {
        Mp4Track t = lookup(trackKey, local, id);
        if (t == null || t.type() == null) return null;
        Slot s = slots.get(t.type());
        return s != null && s.track() == t ? s : null;
    }

    /**
     * Track {@code id}: from the upload's own moov, else from its track key's header. (Never a guess
     * by id across track keys: FFmpeg gives every track id 1, and a header may come late.)
     */
    private Mp4Track lookup(String trackKey, List<Mp4Track> local, int id) {
        List<Mp4Track> source = local != null ? local : headers.get(trackKey);
        if (source != null) {
            for (Mp4Track t : source) if (t.trackId() == id) return t;
        }
        return null;
    }

    /**
     * Samples leave on one timeline of non-negative times: an edit list puts the first ones before 0
     * (FFmpeg's B-frame delay, AAC priming), so the whole publish moves by {@link #TIMELINE_OFFSET_MS}
     * (more if its first sample is earlier still), the same for every track, and no time is bent.
     */
    private void deliver(List<MediaSample> samples) {
        for (MediaSample s : samples) {
            if (offsetMs == Long.MIN_VALUE) offsetMs = Math.max(TIMELINE_OFFSET_MS, -s.decodeTime() + TIMELINE_OFFSET_MS);
            long t = Math.max(0, s.decodeTime() + offsetMs);
            session.onSample(t == s.decodeTime() ? s : new MediaSample(s.type(), t, s.compositionOffset(), s.keyframe(), s.data()));
        }
    }

    /** An upload ended well; a whole stream's POST (moov and fragments) that ends with no other upload open ends the publish. */
    void ended(PushUpload u, boolean wholeStream) {
        boolean end;
        synchronized (this) {
            open.remove(u);
            if (open.isEmpty()) idleSince = nanos.getAsLong();
            end = wholeStream && open.isEmpty();
        }
        if (end) close(ResultCodes.S_OK);
    }

    /**
     * The sender's manifest says the presentation ended (an MPD of type static, a playlist with
     * EXT-X-ENDLIST): the publish ends with {@code S_OK} once no upload has been open for
     * {@link #ENDING_GRACE_NANOS} (the manifest may overtake the last segment on another connection).
     */
    synchronized void endAnnounced() {
        ending = true;
        if (open.isEmpty()) idleSince = nanos.getAsLong();
    }

    /** An upload failed (malformed, truncated, cut): the publish ends with {@code resultCode}. */
    void failed(PushUpload u, String resultCode) {
        synchronized (this) {
            open.remove(u);
        }
        close(resultCode);
    }

    /** Whether no upload has been open for {@code nanosIdle}, or for the grace after an announced end. */
    synchronized boolean idleLongerThan(long nanosIdle) {
        return !closed && open.isEmpty() && nanos.getAsLong() - idleSince > (ending ? Math.min(nanosIdle, ENDING_GRACE_NANOS) : nanosIdle);
    }

    private void reading(boolean on) {
        List<PushUpload> uploads;
        synchronized (this) {
            paused = !on;
            uploads = new ArrayList<>(open);
        }
        uploads.forEach(u -> u.reading(on));
    }

    /** Ends the publish once: what waits to be interleaved is delivered, the session closed, open uploads answered. */
    void close(String resultCode) {
        List<PushUpload> uploads;
        synchronized (this) {
            if (closed) return;
            closed = true;
            onEnded.run();
            deliver(interleaver.drain());
            session.onClosed(resultCode);
            uploads = new ArrayList<>(open);
            open.clear();
        }
        long late;
        synchronized (this) {
            late = interleaver.late();
        }
        LOG.info(() -> "event=push_publish_ended " + PublishSession.who(remote, session) + " resultCode=" + resultCode
                + (late > 0 ? " lateSamplesDropped=" + late : ""));
        uploads.forEach(u -> u.publishEnded(resultCode));
    }

    synchronized boolean closed() { return closed; }

    @Override
    public String toString() { return "PushPublish[remote=" + remote + "]"; }
}
