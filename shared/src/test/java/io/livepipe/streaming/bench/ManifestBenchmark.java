package io.livepipe.streaming.bench;

import io.livepipe.archive.ArchiveService;
import io.livepipe.archive.Asset;
import io.livepipe.channel.ChannelService;
import io.livepipe.channel.IngestEndpoints;
import io.livepipe.media.CodecConfig;
import io.livepipe.media.TrackType;
import io.livepipe.media.mp4.CmafWriter;
import io.livepipe.media.mp4.TrackInfo;
import io.livepipe.events.EventFactory;
import io.livepipe.events.EventPublisher;
import io.livepipe.storage.FileBlobStore;
import io.livepipe.storage.JsonDocuments;
import io.livepipe.storage.PutOptions;
import io.livepipe.media.dash.DashWriter;
import io.livepipe.media.hls.HlsWriter;
import io.livepipe.media.manifest.MediaSegment;
import io.livepipe.media.manifest.Rendition;
import io.livepipe.media.manifest.Stretch;
import io.livepipe.streaming.Locator;
import io.livepipe.streaming.LocatorService;
import io.livepipe.streaming.StreamingKeys;
import io.livepipe.streaming.StreamingResponse;
import io.livepipe.streaming.StreamingService;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Manifest generation for a 25-hour archive window (the longest a program may keep): 45,000
 * two-second segments per rendition, one video and one audio rendition. Measures the HLS media
 * playlist and the DASH MPD writers on plain values; reading and parsing the asset document
 * those values come from out of the file store (what a request pays when the asset changed);
 * and a whole media playlist request through the streaming endpoint while the asset is
 * unchanged (its parse reused by ETag). bench/manifests.sh prints the figures.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ManifestBenchmark {
    static final int SEGMENTS = 25 * 3600 / 2;
    static final byte[] AVCC = HexFormat.of().parseHex(
            "0164001fffe1001c6764001facd9405005bb016a02020280000003008000001e078c18cb01000668ebe3cb22c0");
    static final byte[] ASC = {0x11, (byte) 0x90};

    Rendition video;
    Rendition audio;
    JsonDocuments docs;
    StreamingService streaming;
    static final String LOCATOR = "0123456789abcdef0123456789abcdef";

    @Setup
    public void setUp() throws IOException {
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        List<Asset.Entry> videoEntries = entries("video", 90_000, start);
        List<Asset.Entry> audioEntries = entries("audio", 48_000, start);
        video = Rendition.of("video", TrackInfo.of(new CodecConfig(TrackType.VIDEO, CodecConfig.AVC1, AVCC)), 30,
                listed(videoEntries), Map.of(), List.of());
        audio = Rendition.of("audio", TrackInfo.of(new CodecConfig(TrackType.AUDIO, CodecConfig.MP4A, ASC)), 0,
                listed(audioEntries), Map.of(), List.of());
        Path dir = Files.createTempDirectory("manifest-bench");
        docs = new JsonDocuments(new FileBlobStore(dir, "state", EventPublisher.none(), Clock.systemUTC()));
        docs.put("assets/long.json", new Asset("long", "c", "p", Duration.ofHours(25), Asset.LIVE, start, null,
                Map.of("video", new Asset.Timeline(Map.of("run1", "channels/c/runs/run1/video/init.mp4"), videoEntries),
                        "audio", new Asset.Timeline(Map.of("run1", "channels/c/runs/run1/audio/init.mp4"), audioEntries))));
        FileBlobStore media = new FileBlobStore(dir.resolve("media"), "media", EventPublisher.none(), Clock.systemUTC());
        media.put("channels/c/runs/run1/video/init.mp4", CmafWriter.init(video.track()), PutOptions.of("video/mp4"));
        media.put("channels/c/runs/run1/audio/init.mp4", CmafWriter.init(audio.track()), PutOptions.of("audio/mp4"));
        docs.put(LocatorService.PREFIX + LOCATOR + ".json", new Locator(LOCATOR, "long", "clear", null, null, start, null, null));
        EventFactory events = new EventFactory("bench", Clock.systemUTC());
        ChannelService channels = new ChannelService(docs, EventPublisher.none(), events, Clock.systemUTC(), new SecureRandom(),
                (name, key) -> IngestEndpoints.of("localhost", 1935, 7071, name, key));
        ArchiveService archive = new ArchiveService(docs, channels, EventPublisher.none(), events, Clock.systemUTC());
        streaming = new StreamingService(new LocatorService(docs, archive, new SecureRandom(), Clock.systemUTC(), StreamingKeys.NONE),
                archive, media, Clock.systemUTC(), StreamingKeys.NONE, "http://localhost:7071");
        if (streaming.handle(LOCATOR + "/video.m3u8", Map.of(), null).status() != 200) throw new IllegalStateException("no playlist");
    }

    static List<Asset.Entry> entries(String rendition, int timescale, Instant start) {
        List<Asset.Entry> out = new ArrayList<>(SEGMENTS);
        for (int i = 0; i < SEGMENTS; i++) {
            long dt = 2L * timescale * i;
            out.add(new Asset.Entry("channels/c/runs/run1/" + rendition + "/" + i + "_" + dt + "_" + (2L * timescale) + "_" + timescale + "_k.m4s", "run1", i, dt,
                    2L * timescale, timescale, true, false, start.plusSeconds(2L * i), rendition.equals("video") ? 750_000 : 32_000));
        }
        return out;
    }

    /** The segments as the writers take them: numbered in order, one stretch from decode time 0. */
    static List<MediaSegment> listed(List<Asset.Entry> entries) {
        List<MediaSegment> out = new ArrayList<>(entries.size());
        Stretch one = new Stretch(0, entries.get(0).timescale(), entries.get(0).created().minusSeconds(2));
        for (Asset.Entry e : entries) {
            out.add(new MediaSegment(e.runId(), e.decodeTime(), e.duration(), e.timescale(), e.initId(), false, e.created(), e.size(),
                    e.sequence(), 0, one, e.decodeTime()));
        }
        return out;
    }

    @Benchmark
    public String hlsMediaPlaylist() { return HlsWriter.media(video, false); }

    @Benchmark
    public String dashMpd() {
        return DashWriter.mpd(List.of(video, audio), false, Duration.ofHours(25), Duration.ofSeconds(2), Instant.now());
    }

    @Benchmark
    public StreamingResponse hlsMediaPlaylistRequest() { return streaming.handle(LOCATOR + "/video.m3u8", Map.of(), null); }

    @Benchmark
    public Asset readAssetDocument() { return docs.read("assets/long.json", Asset.class).orElseThrow().value(); }
}
