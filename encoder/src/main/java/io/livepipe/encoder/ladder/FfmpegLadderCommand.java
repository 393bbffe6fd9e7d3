package io.livepipe.encoder.ladder;

import io.livepipe.channel.Ladder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The FFmpeg command line of a live-encoding ladder: FLV on standard input; one FLV output per
 * rung, each H.264 High at its size and bitrate, at most the ladder's frame rate, keyframes
 * forced at the same instants in every rung (every key-frame interval, no scene-cut
 * keyframes) so that segment boundaries line up, and no B-frames, so that every rung's timestamps
 * start alike whatever its encoder delay; AAC-LC stereo in every output (so that every output's
 * timestamps are made alike), of which the first output's is the audio rendition. The audio keeps
 * the contribution's A/V sync: see {@link #ENCODER_DELAY_TRIM}.
 */
public final class FfmpegLadderCommand {
    private FfmpegLadderCommand() { }

    /**
     * FFmpeg's AAC encoder delays its output by one frame of priming (initial_padding, 1024
     * samples at any rate): its first packet is stamped one frame before the first input sample,
     * and the FLV muxer, which cannot hold a negative time, then shifts the whole output by that
     * frame. The contribution's own priming is already in the decoded input (FLV carries no
     * priming to skip, so FFmpeg's decoder outputs it), so without a trim the stored audio has two
     * primings and the first video frame leads it by one AAC frame more than in the contribution
     * (0.054 s instead of 0.021 s in ArchiveEndToEndTest, the rest being the fps filter's rounding
     * to its frame grid). Dropping the first 1024 decoded samples lets the encoder's priming take
     * the place of the contribution's: the first packet lands where the contribution's first
     * packet was, at a non-negative time, so no output is shifted and the lead is as contributed,
     * within the fps rounding (at most half a video frame).
     */
    static final String ENCODER_DELAY_TRIM = "atrim=start_sample=1024";

    public static List<String> build(Ladder ladder, Duration keyFrameInterval, List<Path> outputs, String preset) {
        if (outputs.size() != ladder.rungs().size()) throw new IllegalArgumentException("one output per rung");
        double kfi = keyFrameInterval.toMillis() / 1000.0;
        List<String> a = new ArrayList<>(List.of("ffmpeg", "-hide_banner", "-nostats", "-loglevel", "warning",
                "-f", "flv", "-i", "pipe:0"));
        for (int i = 0; i < ladder.rungs().size(); i++) {
            Ladder.Rung r = ladder.rungs().get(i);
            // Every output carries audio, so FFmpeg shifts every output's timestamps alike; only the first's is kept.
            a.addAll(List.of("-map", "0:v:0", "-map", "0:a:0?"));
            a.addAll(List.of("-c:v", "libx264", "-preset", preset, "-profile:v", "high", "-pix_fmt", "yuv420p", "-bf", "0",
                    "-b:v", Integer.toString(r.bitrate()), "-maxrate", Integer.toString(r.bitrate()),
                    "-bufsize", Integer.toString(2 * r.bitrate()),
                    "-vf", "scale=" + r.width() + ":" + r.height() + ",fps=fps=source_fps:round=near",
                    "-fpsmax", Integer.toString(ladder.maxFrameRate()),
                    "-force_key_frames", String.format(Locale.ROOT, "expr:gte(t,n_forced*%.3f)", kfi),
                    "-sc_threshold", "0", "-g", Integer.toString((int) Math.ceil(kfi * ladder.maxFrameRate()) * 4)));
            a.addAll(List.of("-af", ENCODER_DELAY_TRIM, "-c:a", "aac", "-profile:a", "aac_low", "-b:a", Integer.toString(i == 0 ? ladder.audioBitrate() : 32_000), "-ac", "2"));
            a.addAll(List.of("-f", "flv", "-flvflags", "no_duration_filesize", "-y", outputs.get(i).toString()));
        }
        return a;
    }
}
