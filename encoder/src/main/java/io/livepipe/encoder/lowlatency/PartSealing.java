package io.livepipe.encoder.lowlatency;

import io.livepipe.encoder.http.ChunkSource;
import io.livepipe.media.TrackType;
import io.livepipe.streaming.LocatorService;
import io.livepipe.streaming.LowLatencyProtection;
import io.livepipe.streaming.Protection;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * How one rendition of a ring leaves the origin for one locator: clear; under the AES-128
 * envelope (each part and whole segment a resource encrypted whole under its segment's IV; init
 * segments clear, as the streaming endpoint serves them); or with cbcs/cenc sample encryption
 * (the protected init with tenc and pssh; each part a moof+mdat encrypted on its own with its
 * senc/saiz/saio under the IVs its samples have in the whole segment; a whole segment its
 * encrypted parts one after another, also while it is streamed to LL-DASH).
 */
final class PartSealing {
    private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger(PartSealing.class.getName());
    private final PartRing ring;
    private final String rendition;
    /** Null unless the locator is envelope-protected. */
    private final LowLatencyProtection.Envelope envelope;
    /** Null unless the locator is cenc or cbcs. */
    private final LowLatencyProtection.Samples samples;

    private PartSealing(PartRing ring, String rendition, LowLatencyProtection.Envelope envelope, LowLatencyProtection.Samples samples) {
        this.ring = ring;
        this.rendition = rendition;
        this.envelope = envelope;
        this.samples = samples;
    }

    /** {@code protection} may be null only for a clear locator. */
    static PartSealing of(LowLatencyProtection protection, LocatorService.Published p, PartRing ring, String rendition) {
        Protection.Scheme scheme = p.locator().scheme();
        TrackType type = ring.track(rendition).map(t -> t.type()).orElse(TrackType.VIDEO);
        return switch (scheme) {
            case CLEAR -> new PartSealing(ring, rendition, null, null);
            case ENVELOPE -> new PartSealing(ring, rendition, protection.envelope(p.locator(), p.asset(), type, null), null);
            case CENC, CBCS -> new PartSealing(ring, rendition, null, protection.samples(p.locator(), p.asset(), type, null));
        };
    }

    /** Whether a segment may be sent while it is made (chunked transfer): not under the envelope, whose cipher takes the whole resource. */
    boolean streams() { return envelope == null; }

    Optional<byte[]> init(int version) {
        Optional<byte[]> clear = ring.init(rendition, version);
        if (samples == null || clear.isEmpty()) return clear;
        return Optional.of(samples.init(initKey(version), clear.get()));
    }

    Optional<byte[]> part(long msn, int index) {
        Optional<RingSegment.Held> h = ring.held(rendition, msn);
        if (h.isEmpty() || index < 0 || index >= h.get().parts().size()) return Optional.empty();
        byte[] clear = h.get().parts().get(index);
        if (envelope != null) return Optional.of(envelope.encrypt(rendition, ring.runId(), h.get().decodeTime(), clear));
        if (samples != null) {
            return clearInit(h.get()).map(init -> samples.part(init, rendition, ring.runId(), h.get().decodeTime(), h.get().parts(), index));
        }
        return Optional.of(clear);
    }

    /** Segment {@code msn} whole, if the ring holds it whole. */
    Optional<byte[]> segment(long msn) {
        Optional<RingSegment.Held> h = ring.held(rendition, msn).filter(RingSegment.Held::whole);
        if (h.isEmpty()) return Optional.empty();
        if (samples != null) return clearInit(h.get()).map(init -> samples.segment(init, rendition, ring.runId(), h.get().decodeTime(), h.get().parts()));
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] p : h.get().parts()) out.writeBytes(p);
        byte[] whole = out.toByteArray();
        return Optional.of(envelope == null ? whole : envelope.encrypt(rendition, ring.runId(), h.get().decodeTime(), whole));
    }

    /** A segment streamed while it is made ({@link #streams()} only): its clear chunks, encrypted one by one for cenc/cbcs. */
    ChunkSource seal(ChunkSource clear, long msn) {
        if (samples == null) return clear;
        return (chunk, end) -> clear.subscribe(new Consumer<>() {
            private int firstSample;

            @Override
            public void accept(byte[] part) {
                // the first chunk is the segment's first part: the ring holds the segment from then on
                // called under the ring's lock on the channel's media thread: never throws into it
                try {
                    Optional<RingSegment.Held> h = ring.held(rendition, msn);
                    Optional<byte[]> init = h.flatMap(x -> clearInit(x));
                    if (init.isPresent()) chunk.accept(samples.chunk(init.get(), rendition, ring.runId(), h.get().decodeTime(), part, firstSample));
                    firstSample += LowLatencyProtection.sampleCount(part);
                } catch (RuntimeException e) {
                    LOG.warning(() -> "event=ll_chunk_not_sealed rendition=" + rendition + " msn=" + msn + " error=" + e.getClass().getSimpleName()
                            + " detail=\"" + e.getMessage() + "\"");
                }
            }
        }, end);
    }

    private Optional<byte[]> clearInit(RingSegment.Held h) { return ring.init(rendition, h.init()); }

    private String initKey(int version) { return "ll/" + ring.channel() + "/" + ring.runId() + "/" + rendition + "/init-" + version; }

    @Override
    public String toString() { return "PartSealing[" + rendition + (envelope != null ? " envelope" : samples != null ? " " + samples : " clear") + "]"; }
}
