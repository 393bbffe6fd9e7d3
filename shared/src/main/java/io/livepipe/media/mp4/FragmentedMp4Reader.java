package io.livepipe.media.mp4;

import io.livepipe.media.MalformedMediaException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A fragmented MP4 stream read as it arrives (a CMAF track's POST, or FFmpeg's Smooth ingest
 * POST): each moov becomes {@link Part.Header} with its tracks, each moof with the mdat right after
 * it becomes {@link Part.Fragment}; the boxes around them (ftyp, styp, sidx, prft, emsg, free,
 * skip, uuid, mfra, udta, meta) are skipped. Bounded: boxes at most {@code maxBoxBytes} (an mdat),
 * moov and moof at most {@link #MAX_HEADER_BYTES}. Pure; one instance per stream.
 */
public final class FragmentedMp4Reader {
    public static final int MAX_HEADER_BYTES = 2 * 1024 * 1024;
    static final Set<String> SKIPPED = Set.of(FourCC.FTYP, FourCC.STYP, FourCC.SIDX, FourCC.SSIX, FourCC.PRFT, FourCC.EMSG, FourCC.FREE, FourCC.SKIP, FourCC.UUID, FourCC.MFRA, FourCC.UDTA, FourCC.META, FourCC.PDIN);

    /** What the stream has said so far. */
    public sealed interface Part {
        record Header(List<Mp4Track> tracks) implements Part { }

        /** A moof and its mdat, whole, to be parsed with the tracks of the headers ({@link MovieFragment}). */
        record Fragment(byte[] moof, byte[] mdat) implements Part {
            @Override
            public String toString() { return "Fragment[moof " + moof.length + " bytes, mdat " + mdat.length + " bytes]"; }
        }
    }

    private final BoxFramer framer;
    private byte[] moof;

    public FragmentedMp4Reader(long maxBoxBytes) { this.framer = new BoxFramer(maxBoxBytes); }

    public List<Part> feed(byte[] data, int from, int length) {
        List<Part> out = new ArrayList<>(2);
        for (BoxFramer.TopBox box : framer.feed(data, from, length)) {
            switch (box.type()) {
                case FourCC.MOOV -> {
                    header(box);
                    out.add(new Part.Header(MovieHeader.parse(box.bytes())));
                }
                case FourCC.MOOF -> {
                    header(box);
                    if (moof != null) throw new MalformedMediaException("moof followed by another moof, not by its mdat");
                    moof = box.bytes();
                }
                case FourCC.MDAT -> {
                    if (moof == null) throw new MalformedMediaException("mdat without a moof before it");
                    out.add(new Part.Fragment(moof, box.bytes()));
                    moof = null;
                }
                default -> {
                    if (!SKIPPED.contains(box.type())) {
                        throw new MalformedMediaException("top-level box '" + BoxReader.printable(box.type()) + "' is not one of a fragmented MP4");
                    }
                }
            }
        }
        return out;
    }

    /** Whether the stream stopped inside a box or between a moof and its mdat: truncated. */
    public boolean incomplete() { return framer.midBox() || moof != null; }

    /** Bytes held for what is not complete yet. */
    public long bytesHeld() { return framer.bytesHeld() + (moof == null ? 0 : moof.length); }

    private static void header(BoxFramer.TopBox box) {
        if (box.bytes().length > MAX_HEADER_BYTES) {
            throw new MalformedMediaException("'" + box.type() + "' of " + box.bytes().length + " bytes; at most " + MAX_HEADER_BYTES);
        }
    }
}
