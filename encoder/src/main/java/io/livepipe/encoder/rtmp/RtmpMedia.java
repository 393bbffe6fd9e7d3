package io.livepipe.encoder.rtmp;

import io.livepipe.encoder.publish.PublishSession;
import io.livepipe.events.media.ResultCodes;
import io.livepipe.media.CodecConfig;
import io.livepipe.media.MalformedMediaException;
import io.livepipe.media.MediaSample;
import io.livepipe.media.TrackType;
import io.livepipe.media.amf.Amf0;
import io.livepipe.media.flv.FlvException;
import io.livepipe.media.flv.FlvTag;
import io.livepipe.media.flv.FlvTags;
import io.livepipe.media.h264.AnnexBVideo;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One RTMP connection's media, apart from its commands: what arrives while the gate decides is
 * held in order within the budget before publish ({@link RtmpLimits#MAX_PENDING_MESSAGES},
 * {@code maxBufferedBytesBeforePublish}); once accepted, {@code @setDataFrame}/{@code onMetaData}
 * and FLV audio/video bodies (FLV v10.1 annex E.4) become the session's metadata, codec
 * configurations and samples — H.264 in Annex B form made AVCC with its in-band parameter sets.
 * Confined to the connection's event loop.
 */
final class RtmpMedia {
    /** Why the connection must end: a log reason and the Media Services result code. */
    record Cut(String reason, String resultCode) { }

    private final RtmpLimits limits;
    private final ArrayDeque<RtmpMessage> held = new ArrayDeque<>();
    private long heldBytes;
    private boolean sawVideoConfig;
    private boolean sawAudioConfig;
    /** H.264 sent in Annex B form (FFmpeg without global headers) made AVCC, with its in-band parameter sets. */
    private final AnnexBVideo annexB = new AnnexBVideo();

    RtmpMedia(RtmpLimits limits) { this.limits = limits; }

    /** Holds a message that came while the gate decides; past the budget, a protocol error. */
    void hold(RtmpMessage m) {
        heldBytes += m.length();
        if (held.size() >= RtmpLimits.MAX_PENDING_MESSAGES || heldBytes > limits.maxBufferedBytesBeforePublish()) {
            throw new RtmpProtocolException("buffer budget: more than " + RtmpLimits.MAX_PENDING_MESSAGES + " messages or "
                    + limits.maxBufferedBytesBeforePublish() + " bytes of media before the publish was decided");
        }
        held.add(m);
    }

    /** The next held message, oldest first; null when none is left. */
    RtmpMessage nextHeld() { return held.poll(); }

    void dropHeld() {
        held.clear();
        heldBytes = 0;
    }

    /** Hands one media or data message to the accepted session; the reason to end the connection, or null. */
    Cut deliver(PublishSession session, RtmpMessage m) {
        return switch (m.type()) {
            case RtmpMessage.DATA_AMF0, RtmpMessage.DATA_AMF3 -> {
                metadata(session, m);
                yield null;
            }
            case RtmpMessage.VIDEO -> deliver(session, FlvTags.video(m.timestamp(), m.head(), m.payload()));
            case RtmpMessage.AUDIO -> deliver(session, FlvTags.audio(m.timestamp(), m.head(), m.payload()));
            default -> null;
        };
    }

    private static void metadata(PublishSession session, RtmpMessage m) {
        List<Object> v = Amf0.decodeAll(m.type() == RtmpMessage.DATA_AMF3 ? skipFirst(m.payload()) : m.payload());
        int i = 0;
        if (i < v.size() && "@setDataFrame".equals(v.get(i))) i++;
        if (i + 1 < v.size() && "onMetaData".equals(v.get(i)) && v.get(i + 1) instanceof Map<?, ?> md) {
            Map<String, Object> copy = new LinkedHashMap<>();
            md.forEach((k, val) -> copy.put(String.valueOf(k), val));
            session.onMetadata(copy);
        }
    }

    private Cut deliver(PublishSession session, FlvTag tag) {
        if (tag instanceof FlvTag.Config c) {
            if (c.config().type() == TrackType.VIDEO) sawVideoConfig = true; else sawAudioConfig = true;
            session.onCodecConfig(c.config());
        } else if (tag instanceof FlvTag.Sample s) {
            boolean configured = s.sample().type() == TrackType.VIDEO ? sawVideoConfig : sawAudioConfig;
            if (!configured) return new Cut("media_before_sequence_header", ResultCodes.DESCRIPTION_INFO_NOT_RECEIVED);
            session.onSample(s.sample());
        } else if (tag instanceof FlvTag.AnnexBVideo a) {
            AnnexBVideo.Unit u;
            try {
                u = annexB.accessUnit(a.payload(), 0, a.payload().length);
            } catch (MalformedMediaException e) {
                throw new FlvException(e.getMessage());
            }
            if (u.record() != null) deliver(session, new FlvTag.Config(new CodecConfig(TrackType.VIDEO, CodecConfig.AVC1, u.record())));
            if (u.avcc() != null) {
                return deliver(session, new FlvTag.Sample(new MediaSample(TrackType.VIDEO, a.timestampMs(), a.compositionOffset(),
                        u.keyframe(), u.avcc())));
            }
        } else if (tag instanceof FlvTag.Unsupported u) {
            session.onUnsupportedCodec(u.type(), u.codec());
            return new Cut("unsupported_codec", ResultCodes.CODEC_NOT_SUPPORTED);
        }
        return null;
    }

    /** An AMF3 command or data message's body without its leading format byte. */
    static byte[] skipFirst(byte[] p) {
        return p.length == 0 ? p : Arrays.copyOfRange(p, 1, p.length);
    }
}
