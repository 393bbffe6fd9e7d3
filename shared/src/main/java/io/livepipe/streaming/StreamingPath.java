package io.livepipe.streaming;

import java.util.ArrayList;
import java.util.List;

/**
 * One way to play a locator, as Media Services' {@code listPaths} answered it: the protocol
 * ({@code Hls}, {@code Dash}, {@code SmoothStreaming}), the encryption scheme it uses ({@code NoEncryption},
 * {@code EnvelopeEncryption}, {@code CommonEncryptionCenc}, {@code CommonEncryptionCbcs}), and its
 * paths below the streaming endpoint — our short form first, then the {@code .ism/manifest(...)}
 * form. Paths carry nothing per viewer; players that cannot set headers add {@code ?token=}.
 */
public record StreamingPath(String streamingProtocol, String encryptionScheme, List<String> paths) {
    public StreamingPath {
        paths = List.copyOf(paths);
    }

    /**
     * Every path {@code l} is played at, and only those: HLS (fMP4 {@code m3u8-cmaf} for every
     * policy; MPEG-TS {@code m3u8-aapl} clear or envelope), DASH ({@code mpd-time-cmaf} and
     * {@code mpd-time-csf}) for all but envelope (which is HLS only), Smooth Streaming (the
     * {@code manifest} without format) clear or cenc (PlayReady).
     */
    public static List<StreamingPath> of(Locator l) {
        Protection.Scheme s = l.scheme();
        String enc = s.amsEncryption() == null ? "" : ",encryption=" + s.amsEncryption();
        String ism = "/" + l.id() + "/" + ismName(l.assetName()) + ".ism/manifest(format=";
        String scheme = switch (s) {
            case CLEAR -> "NoEncryption";
            case ENVELOPE -> "EnvelopeEncryption";
            case CENC -> "CommonEncryptionCenc";
            case CBCS -> "CommonEncryptionCbcs";
        };
        List<StreamingPath> out = new ArrayList<>();
        List<String> hls = new ArrayList<>(List.of("/" + l.id() + "/master.m3u8", ism + "m3u8-cmaf" + enc + ")"));
        if (s == Protection.Scheme.CLEAR || s == Protection.Scheme.ENVELOPE) hls.add(ism + "m3u8-aapl" + enc + ")");
        out.add(new StreamingPath("Hls", scheme, hls));
        if (s != Protection.Scheme.ENVELOPE) {
            out.add(new StreamingPath("Dash", scheme, List.of("/" + l.id() + "/manifest.mpd", ism + "mpd-time-cmaf" + enc + ")",
                    ism + "mpd-time-csf" + enc + ")")));
        }
        if (s == Protection.Scheme.CLEAR || s == Protection.Scheme.CENC) {
            String smooth = "/" + l.id() + "/" + ismName(l.assetName()) + ".ism/manifest";
            out.add(new StreamingPath("SmoothStreaming", scheme, List.of(s == Protection.Scheme.CENC ? smooth + "(encryption=cenc)" : smooth)));
        }
        return out;
    }

    /** The {@code {name}.ism} segment's name: the asset's, with any character the path grammar refuses made '-'. */
    static String ismName(String asset) {
        String n = asset.replaceAll("[^A-Za-z0-9._-]", "-");
        return n.length() > 128 ? n.substring(0, 128) : n;
    }
}
