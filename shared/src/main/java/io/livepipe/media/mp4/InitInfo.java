package io.livepipe.media.mp4;

import io.livepipe.media.CodecConfig;
import io.livepipe.media.MalformedMediaException;

/**
 * What a manifest needs from a CMAF header: the track's decoder configuration (from {@code avcC},
 * or from the DecoderSpecificInfo in {@code esds}), hence codecs string and picture size. Reads
 * the first track with {@link MovieHeader}, the one parser of movie boxes, as CMAF headers have
 * one track.
 */
public final class InitInfo {
    private InitInfo() { }

    public static TrackInfo parse(byte[] init) {
        CodecConfig config = MovieHeader.parse(init).get(0).config();
        if (config == null) throw new MalformedMediaException("CMAF header carries neither avcC nor an AAC esds");
        return TrackInfo.of(config);
    }
}
