package io.livepipe.streaming;

import io.livepipe.http.Refusal;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The last two segments of a Smooth Streaming fragment URL, as a client fills in the manifest's
 * {@code Url} template (MS-SSTR §2.2.6.2): {@code QualityLevels({bitrate})} and
 * {@code Fragments({stream}={time})}. The bitrate and time are decimal, at most 18 digits; the
 * stream name is one of ours ({@code video}, {@code audio}, a rendition name). Outside input:
 * anything else is a 400 (or 404), nothing allocated beyond the matched text.
 */
public record SmoothFragmentUrl(long bitrate, String streamName, long time) {
    private static final Pattern QUALITY = Pattern.compile("QualityLevels\\((\\d{1,18})\\)");
    private static final Pattern FRAGMENTS = Pattern.compile("Fragments\\(([A-Za-z0-9_-]{1,64})=(\\d{1,18})\\)");
    static final int MAX_SEGMENT = 100;

    public static SmoothFragmentUrl parse(String qualityLevels, String fragments) {
        if (qualityLevels.length() > MAX_SEGMENT || fragments.length() > MAX_SEGMENT) throw Refusal.badRequest("bad Smooth Streaming fragment URL");
        Matcher q = QUALITY.matcher(qualityLevels);
        if (!q.matches()) throw Refusal.badRequest("QualityLevels(bitrate) expected");
        Matcher f = FRAGMENTS.matcher(fragments);
        if (!f.matches()) throw Refusal.notFound("no such Smooth Streaming resource: Fragments(stream=time) expected");
        return new SmoothFragmentUrl(Long.parseLong(q.group(1)), f.group(1), Long.parseLong(f.group(2)));
    }
}
