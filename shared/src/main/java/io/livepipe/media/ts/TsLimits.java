package io.livepipe.media.ts;

/**
 * The bounds of one demuxer, the one place they live: the largest PES payload it will
 * reassemble ({@code maxPesBytes}, an 8 MiB access unit is already a 1080p keyframe many times
 * over), how many programs a PAT may list, and how many elementary PIDs a PMT may declare.
 */
public record TsLimits(int maxPesBytes, int maxPrograms, int maxStreams) {
    public static final int PACKET_SIZE = 188;
    /** A PSI section is at most 1024 bytes (section_length ≤ 1021, ISO/IEC 13818-1 2.4.4.4). */
    public static final int MAX_SECTION_BYTES = 1024;
    /** ADTS frames one PES may carry before the rest is refused as nonsense. */
    public static final int MAX_FRAMES_PER_PES = 64;

    public TsLimits {
        if (maxPesBytes < 64 * 1024 || maxPesBytes > 64 * 1024 * 1024) throw new IllegalArgumentException("maxPesBytes 64 KiB..64 MiB");
        if (maxPrograms < 1 || maxPrograms > 256) throw new IllegalArgumentException("maxPrograms 1..256");
        if (maxStreams < 1 || maxStreams > 256) throw new IllegalArgumentException("maxStreams 1..256");
    }

    public static TsLimits defaults() { return new TsLimits(8 * 1024 * 1024, 16, 32); }
}
