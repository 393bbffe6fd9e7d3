package io.livepipe.channel;

import io.livepipe.http.Refusal;
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

    public static final int MAX_RUNGS = 8;

    /** A custom ladder: 1 to 8 rungs, even sizes from 64x64 to 1920x1080, 50 kbit/s to 20 Mbit/s, distinct bitrates. */
    public static void validate(List<Rung> rungs) {
        if (rungs.isEmpty()) return;
        if (rungs.size() > MAX_RUNGS) throw Refusal.badRequest("a ladder has at most " + MAX_RUNGS + " rungs");
        java.util.Set<Integer> bitrates = new java.util.HashSet<>();
        for (Rung r : rungs) {
            if (r.width() < 64 || r.height() < 64 || r.width() > 1920 || r.height() > 1080 || r.width() % 2 != 0 || r.height() % 2 != 0) {
                throw Refusal.badRequest("rung sizes must be even, from 64x64 to 1920x1080 (live encoding input is at most 1080p)");
            }
            if (r.bitrate() < 50_000 || r.bitrate() > 20_000_000) throw Refusal.badRequest("rung bitrates must be 50000 to 20000000 bit/s");
            if (!bitrates.add(r.bitrate())) throw Refusal.badRequest("rung bitrates must differ (they name the renditions)");
        }
    }

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
