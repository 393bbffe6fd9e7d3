package io.livepipe.archive;

import io.livepipe.media.CodecConfig;
import io.livepipe.media.MediaSample;
import io.livepipe.media.TrackType;
import io.livepipe.media.cmaf.Fragmenter;
import io.livepipe.media.cmaf.Segment;
import io.livepipe.storage.BlobStore;
import io.livepipe.storage.Condition;
import io.livepipe.storage.PreconditionFailedException;
import io.livepipe.storage.PutOptions;
import java.time.Duration;
import java.util.Map;
import java.util.logging.Logger;

/**
 * Pass-through archiving of one channel run: samples through the {@link Fragmenter}, each CMAF
 * header and fragment written once to the media store under the run, named by
 * {@link SegmentName}. A fragment is written whole or not at all (the store's writes are
 * atomic), so no timeline ever references a partial segment. Renditions are {@code video} and
 * {@code audio}. Not thread-safe: one channel's media arrives on one thread at a time.
 */
public final class SegmentWriter {
    private static final Logger LOG = Logger.getLogger(SegmentWriter.class.getName());

    private final BlobStore media;
    private final String channel;
    private final String runId;
    private final Fragmenter fragmenter;
    private final String videoRendition;
    private boolean disconnected;

    /** Pass-through: renditions {@code video} and {@code audio}. */
    public SegmentWriter(BlobStore media, String channel, String runId, Duration segmentDuration) {
        this(media, channel, runId, segmentDuration, "video");
    }

    /** One ladder rung: its video as {@code videoRendition}, its audio (if any) as {@code audio}. */
    public SegmentWriter(BlobStore media, String channel, String runId, Duration segmentDuration, String videoRendition) {
        this.media = media;
        this.channel = channel;
        this.runId = runId;
        this.videoRendition = videoRendition;
        this.fragmenter = new Fragmenter(segmentDuration, this::store);
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
        SegmentName name = s.init() ? SegmentName.init(channel, runId, rendition(s.type()))
                : new SegmentName(channel, runId, rendition(s.type()), false, s.sequence(), s.decodeTime(), s.duration(),
                        s.track().timescale(), s.startsWithKeyframe(), s.discontinuity());
        Map<String, String> md = Map.of("codecs", s.track().codecs(), "rendition", rendition(s.type()),
                "timescale", Integer.toString(s.track().timescale()));
        try {
            // Fragments are immutable: a name is written once. A header may change on reconnect (new config).
            Condition c = s.init() ? Condition.none() : Condition.ifAbsent();
            media.put(name.path(), s.bytes(), new PutOptions(s.init() ? "video/mp4" : contentType(s.type()), md, c));
        } catch (PreconditionFailedException e) {
            LOG.warning(() -> "event=segment_exists channel=" + channel + " path=" + name.path());
        }
    }

    private static String contentType(TrackType t) { return t == TrackType.VIDEO ? "video/iso.segment" : "audio/iso.segment"; }
}
