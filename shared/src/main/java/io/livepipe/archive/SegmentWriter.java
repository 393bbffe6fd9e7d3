package io.livepipe.archive;

import io.livepipe.media.CodecConfig;
import io.livepipe.media.MediaSample;
import io.livepipe.media.TrackType;
import io.livepipe.media.cmaf.Fragmenter;
import io.livepipe.media.cmaf.LiveEdge;
import io.livepipe.media.cmaf.Segment;
import io.livepipe.media.mp4.Fragment;
import io.livepipe.storage.BlobStore;
import io.livepipe.storage.Condition;
import io.livepipe.storage.PreconditionFailedException;
import io.livepipe.storage.PutOptions;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Archiving of one channel run: samples through the {@link Fragmenter}, each CMAF header and
 * fragment created once in the media store under the run, named by {@link SegmentName}. A
 * fragment is written whole or not at all (the store's writes are atomic), so no timeline ever
 * references a partial segment. Renditions are {@code video} (or a ladder rung's name) and
 * {@code audio}.
 *
 * <p>Nothing stored is ever overwritten: every header and fragment is created with
 * If-None-Match. A writer that starts on a run the store already holds (the process was killed
 * or restarted, and the encoder came back) lists the run's folder once and continues after it,
 * as a reconnect within the process does: numbering after the last fragment, decode times after
 * the run's end (and video presentation times after its last video fragment's, which it reads),
 * the first fragment flagged as a discontinuity. A codec configuration the run has
 * not stored yet (the encoder came back with other settings) gets the next init version; one it
 * has stored is reused. A name found taken anyway (another writer on the run) is not dropped:
 * the rendition's numbering moves past what the store holds and the fragment is created there,
 * with a warning. Not thread-safe: one channel's media arrives on one thread at a time.
 */
public final class SegmentWriter {
    /** Attempts at a free name for one fragment or header before it is reported lost. */
    static final int MAX_CREATE_ATTEMPTS = 8;
    private static final Logger LOG = Logger.getLogger(SegmentWriter.class.getName());

    private final BlobStore media;
    private final String channel;
    private final String runId;
    private final Fragmenter fragmenter;
    private final String videoRendition;
    private final LiveEdge edge;
    private final Map<String, RenditionState> renditions = new HashMap<>();
    private boolean disconnected;

    /** Where one rendition's names stand: newest init version known, its current one, numbering shift. */
    private static final class RenditionState {
        int lastInitVersion;
        int currentInit;
        long sequenceShift;
        final Map<Integer, byte[]> inits = new HashMap<>();

        RenditionState(int lastInitVersion) { this.lastInitVersion = lastInitVersion; }
    }

    /** Pass-through: renditions {@code video} and {@code audio}. */
    public SegmentWriter(BlobStore media, String channel, String runId, Duration segmentDuration) {
        this(media, channel, runId, segmentDuration, "video");
    }

    /** One ladder rung: its video as {@code videoRendition}, its audio (if any) as {@code audio}. */
    public SegmentWriter(BlobStore media, String channel, String runId, Duration segmentDuration, String videoRendition) {
        this(media, channel, runId, segmentDuration, videoRendition, StoredRun.read(media, channel, runId));
    }

    /**
     * With what the run held before this process began writing it: the writers of one ladder
     * share one listing, taken before any of them wrote, so that no rung continues after its
     * sibling rungs' fresh segments.
     */
    public SegmentWriter(BlobStore media, String channel, String runId, Duration segmentDuration, String videoRendition,
                         StoredRun stored) {
        this(media, channel, runId, segmentDuration, videoRendition, stored, Duration.ZERO, LiveEdge.none());
    }

    /**
     * As above, also handing the run's chunked CMAF to {@code edge} as it is made: parts of about
     * {@code partTarget} (zero: no parts), headers and whole fragments, under the same rendition
     * names. The edge is told after the archive has the fragment (or failed to store it).
     */
    public SegmentWriter(BlobStore media, String channel, String runId, Duration segmentDuration, String videoRendition,
                         StoredRun stored, Duration partTarget, LiveEdge edge) {
        this.edge = edge;
        this.media = media;
        this.channel = channel;
        this.runId = runId;
        this.videoRendition = videoRendition;
        this.fragmenter = new Fragmenter(segmentDuration, this::store, partTarget,
                p -> edge.part(rendition(p.type()), p));
        if (!stored.isEmpty()) {
            for (TrackType t : TrackType.values()) {
                StoredRun.RenditionEnd end = stored.rendition(rendition(t)).orElse(new StoredRun.RenditionEnd(0, -1));
                renditions.put(rendition(t), new RenditionState(end.lastInitVersion()));
                long presentedMs = t == TrackType.VIDEO && end.lastPath() != null ? presentationEndMs(media, end.lastPath()) : -1;
                fragmenter.continueAfter(t, end.lastSequence(), stored.endMs(), presentedMs);
            }
            LOG.info(() -> "event=run_continued channel=" + channel + " runId=" + runId + " afterMs=" + stored.endMs()
                    + " renditions=" + stored.renditions().keySet());
        }
    }

    /**
     * Where the stored fragment at {@code path} ends being presented, in milliseconds on the run's
     * timeline (rounded up): with B-frames, its last frames present after its decode end. -1 when
     * it cannot be read; the run's decode end is then all a restart continues after.
     */
    static long presentationEndMs(BlobStore media, String path) {
        try {
            Optional<SegmentName> name = SegmentName.parse(path);
            byte[] bytes = media.get(path).map(b -> b.data()).orElse(null);
            if (name.isEmpty() || bytes == null) return -1;
            Fragment f = Fragment.parse(bytes);
            long dts = f.baseDecodeTime();
            long end = -1;
            for (Fragment.SampleEntry e : f.samples()) {
                end = Math.max(end, dts + e.compositionOffset() + e.duration());
                dts += e.duration();
            }
            long ts = name.get().timescale();
            return end < 0 ? -1 : end / ts * 1000 + ((end % ts) * 1000 + ts - 1) / ts;
        } catch (RuntimeException unreadable) {
            LOG.warning(() -> "event=stored_fragment_unreadable path=" + path + " error=" + unreadable.getClass().getSimpleName()
                    + " detail=\"" + unreadable.getMessage() + "\"");
            return -1;
        }
    }

    public String runId() { return runId; }

    public void config(CodecConfig c) {
        resumeIfNeeded();
        fragmenter.config(c);
    }

    public void sample(MediaSample s) {
        resumeIfNeeded();
        fragmenter.sample(s);
    }

    /** The encoder left: what is pending is written; a later session continues with a discontinuity. */
    public void disconnected() {
        fragmenter.flush();
        disconnected = true;
    }

    private void resumeIfNeeded() {
        if (disconnected) {
            fragmenter.discontinuity();
            disconnected = false;
        }
    }

    private String rendition(TrackType t) { return t == TrackType.VIDEO ? videoRendition : "audio"; }

    private void store(Segment s) {
        String rendition = rendition(s.type());
        RenditionState r = renditions.computeIfAbsent(rendition, k -> new RenditionState(-1));
        try {
            if (s.init()) storeInit(s, rendition, r); else storeFragment(s, rendition, r);
        } finally {
            if (s.init()) edge.init(rendition, s); else edge.segment(rendition, s);
        }
    }

    /** The run's header for this configuration: a stored version with the same bytes, or the next one created. */
    private void storeInit(Segment s, String rendition, RenditionState r) {
        for (int v = 0; v <= r.lastInitVersion; v++) {
            if (Arrays.equals(storedInit(rendition, r, v), s.bytes())) {
                r.currentInit = v;
                return;
            }
        }
        for (int attempt = 0; attempt < MAX_CREATE_ATTEMPTS; attempt++) {
            int v = r.lastInitVersion + 1;
            SegmentName name = SegmentName.init(channel, runId, rendition, v);
            try {
                media.put(name.path(), s.bytes(), new PutOptions("video/mp4", Map.of(), Condition.ifAbsent()));
                r.inits.put(v, s.bytes());
                r.lastInitVersion = v;
                r.currentInit = v;
                if (v > 0) {
                    LOG.info(() -> "event=init_version_created channel=" + channel + " runId=" + runId + " rendition=" + rendition
                            + " initVersion=" + v + " codecs=" + s.track().codecs());
                }
                return;
            } catch (PreconditionFailedException taken) {
                r.lastInitVersion = v;
                if (Arrays.equals(storedInit(rendition, r, v), s.bytes())) {
                    r.currentInit = v;
                    return;
                }
            }
        }
        throw new IllegalStateException("no free init version for " + SegmentName.runPrefix(channel, runId) + rendition);
    }

    private byte[] storedInit(String rendition, RenditionState r, int version) {
        return r.inits.computeIfAbsent(version, v -> media.get(SegmentName.init(channel, runId, rendition, v).path())
                .map(b -> b.data()).orElse(new byte[0]));
    }

    private void storeFragment(Segment s, String rendition, RenditionState r) {
        for (int attempt = 0; attempt < MAX_CREATE_ATTEMPTS; attempt++) {
            SegmentName name = new SegmentName(channel, runId, rendition, false, s.sequence() + r.sequenceShift, s.decodeTime(),
                    s.duration(), s.track().timescale(), s.startsWithKeyframe(), s.discontinuity(), r.currentInit,
                    Math.min(s.frames(), SegmentName.MAX_FRAMES));
            try {
                media.put(name.path(), s.bytes(), new PutOptions(contentType(s.type()), Map.of(), Condition.ifAbsent()));
                return;
            } catch (PreconditionFailedException taken) {
                // Another writer holds this run (it should not): number after everything the rendition holds now.
                long last = StoredRun.read(media, SegmentName.runPrefix(channel, runId) + rendition + "/").rendition(rendition)
                        .map(StoredRun.RenditionEnd::lastSequence).orElse(0L);
                long shift = Math.max(r.sequenceShift + 1, last + 1 - s.sequence());
                r.sequenceShift = shift;
                LOG.warning(() -> "event=segment_name_taken channel=" + channel + " path=" + name.path()
                        + " action=renumbered sequence=" + (s.sequence() + shift));
            }
        }
        LOG.severe(() -> "event=segment_lost channel=" + channel + " runId=" + runId + " rendition=" + rendition
                + " sequence=" + s.sequence() + " reason=\"no free name after " + MAX_CREATE_ATTEMPTS + " attempts\"");
        throw new IllegalStateException("no free name for a fragment of " + SegmentName.runPrefix(channel, runId) + rendition);
    }

    private static String contentType(TrackType t) { return t == TrackType.VIDEO ? "video/iso.segment" : "audio/iso.segment"; }
}
