package io.livepipe.channel;

import java.util.ArrayList;
import java.util.List;

/**
 * A live-encoding ladder: H.264 High rungs and one AAC-LC stereo audio rendition, with the
 * retired service's presets by name. {@link #forInput} drops rungs taller than the input (no
 * upscaling), keeping at least one at the input's own size.
 */
public record Ladder(String name, List<Rung> rungs, int audioBitrate, int maxFrameRate) {
    public record Rung(int width, int height, int bitrate) {
        /** The rendition name, e.g. {@code video_3500000}. */
        public String rendition() { return "video_" + bitrate; }
    }

    public static final Ladder DEFAULT_720P = new Ladder(LadderPresets.DEFAULT_720P, List.of(
            new Rung(1280, 720, 3_500_000), new Rung(960, 540, 2_200_000), new Rung(704, 396, 1_350_000),
            new Rung(512, 288, 850_000), new Rung(384, 216, 550_000), new Rung(340, 192, 200_000)), 128_000, 30);
    public static final Ladder DEFAULT_1080P = new Ladder(LadderPresets.DEFAULT_1080P, List.of(
            new Rung(1920, 1080, 5_500_000), new Rung(1280, 720, 3_000_000), new Rung(960, 540, 1_600_000),
            new Rung(640, 360, 800_000), new Rung(480, 270, 400_000), new Rung(320, 180, 200_000)), 128_000, 30);

    public static Ladder preset(String name) {
        return LadderPresets.DEFAULT_1080P.equals(name) ? DEFAULT_1080P : DEFAULT_720P;
    }

    public Ladder forInput(int width, int height) {
        List<Rung> kept = new ArrayList<>();
        for (Rung r : rungs) if (r.height() <= height && r.width() <= width) kept.add(r);
        if (kept.isEmpty()) {
            Rung smallest = rungs.get(rungs.size() - 1);
            kept.add(new Rung(width & ~1, height & ~1, smallest.bitrate()));
        }
        return new Ladder(name, kept, audioBitrate, maxFrameRate);
    }
}
