package io.livepipe.archive;

import io.livepipe.channel.ChannelService;
import io.livepipe.channel.ChannelSpec;
import io.livepipe.channel.IngestEndpoints;
import io.livepipe.events.EventFactory;
import io.livepipe.events.EventGridEvent;
import io.livepipe.events.EventPublisher;
import io.livepipe.media.CodecConfig;
import io.livepipe.media.TrackType;
import io.livepipe.media.mp4.CmafWriter;
import io.livepipe.media.mp4.TrackInfo;
import io.livepipe.storage.BlobCreatedEvents;
import io.livepipe.storage.BlobProperties;
import io.livepipe.storage.FileBlobStore;
import io.livepipe.storage.JsonDocuments;
import io.livepipe.storage.PutOptions;
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
import java.time.ZoneOffset;
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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * ArchiveStamp and manifest cost against the archive window (1 minute, 1 hour, 25 hours of
 * two-second video and audio segments, on the file store): {@code stamp} places the next video
 * segment (one chunk read and written); {@code stampThenPlaylist} does that and then serves the
 * video media playlist, which must assemble the changed timeline (the cost a live viewer's
 * reload pays after every new segment); {@code wholeDocumentStamp} is the reference, the same
 * stamp as it was done before chunks — read and parse the asset document holding the whole
 * timeline, stamp it, write it back. bench/timelines.sh prints the figures.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class TimelineBenchmark {
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    static final byte[] AVCC = HexFormat.of().parseHex(
            "0164001fffe1001c6764001facd9405005bb016a02020280000003008000001e078c18cb01000668ebe3cb22c0");
    static final byte[] ASC = {0x11, (byte) 0x90};
    static final String LOCATOR = "0123456789abcdef0123456789abcdef";

    @Param({"PT1M", "PT1H", "PT25H"})
    public String window;

    JsonDocuments docs;
    ArchiveService archive;
    StreamingService streaming;
    long next;
    Asset legacy;

    @Setup
    public void setUp() throws IOException {
        Duration w = Duration.parse(window);
        Path dir = Files.createTempDirectory("timeline-bench");
        Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
        docs = new JsonDocuments(new FileBlobStore(dir.resolve("state"), "state", EventPublisher.none(), clock));
        EventFactory f = new EventFactory("bench", clock);
        ChannelService channels = new ChannelService(docs, EventPublisher.none(), f, clock, new SecureRandom(),
                (n, k) -> IngestEndpoints.of("localhost", 1935, 7071, n, k));
        channels.create("c", new ChannelSpec(null, null, null, null, null, null, null, null));
        archive = new ArchiveService(docs, channels, EventPublisher.none(), f, clock);
        archive.start("c", "p", "long", w);
        Asset header = docs.read("assets/long.json", Asset.class).orElseThrow().value();
        header = new Asset(header.name(), header.channel(), header.program(), w, header.state(), header.created(), null, Map.of());
        docs.put("assets/long.json", header);
        long segments = w.toSeconds() / 2;
        legacy = header;
        for (String r : List.of("video", "audio")) {
            int timescale = r.equals("video") ? 90_000 : 48_000;
            List<Asset.Entry> chunk = new ArrayList<>();
            List<Asset.Entry> whole = new ArrayList<>();
            for (long i = 0; i < segments; i++) {
                SegmentName n = name(r, i);
                Asset.Entry e = new Asset.Entry(n.path(), "run1", i, n.decodeTime(), n.duration(), timescale, true, false,
                        created(i), r.equals("video") ? 750_000 : 32_000);
                chunk.add(e);
                whole.add(e);
                if (chunk.size() == TimelineChunk.SEGMENTS || i == segments - 1) {
                    docs.put(TimelineStore.chunkPath(header, n), new TimelineChunk(chunk));
                    chunk = new ArrayList<>();
                }
            }
            Map<String, Asset.Timeline> renditions = new java.util.HashMap<>(legacy.renditions());
            renditions.put(r, new Asset.Timeline(Map.of("run1", SegmentName.init("c", "run1", r).path()), whole));
            legacy = new Asset(legacy.name(), legacy.channel(), legacy.program(), w, legacy.state(), legacy.created(), null, renditions);
        }
        docs.put("assets/whole.json", legacy);
        next = segments;
        FileBlobStore media = new FileBlobStore(dir.resolve("media"), "media", EventPublisher.none(), clock);
        media.put(SegmentName.init("c", "run1", "video").path(),
                CmafWriter.init(TrackInfo.of(new CodecConfig(TrackType.VIDEO, CodecConfig.AVC1, AVCC))), PutOptions.of("video/mp4"));
        media.put(SegmentName.init("c", "run1", "audio").path(),
                CmafWriter.init(TrackInfo.of(new CodecConfig(TrackType.AUDIO, CodecConfig.MP4A, ASC))), PutOptions.of("audio/mp4"));
        docs.put(LocatorService.PREFIX + LOCATOR + ".json", new Locator(LOCATOR, "long", "clear", null, null, T0, null, null));
        streaming = new StreamingService(new LocatorService(docs, archive, new SecureRandom(), clock, StreamingKeys.NONE),
                archive, media, clock, StreamingKeys.NONE, "http://localhost:7071");
        if (playlist().status() != 200) throw new IllegalStateException("no playlist: " + new String(playlist().body()));
    }

    static SegmentName name(String rendition, long i) {
        int timescale = rendition.equals("video") ? 90_000 : 48_000;
        return new SegmentName("c", "run1", rendition, false, i, 2L * timescale * i, 2L * timescale, timescale, true, false);
    }

    static Instant created(long i) { return T0.plusSeconds(2 * i + 2); }

    static EventGridEvent event(SegmentName n, Instant at) {
        BlobProperties p = new BlobProperties(n.path(), 750_000, "\"e\"", "video/mp4", Map.of(), at);
        return BlobCreatedEvents.create("acct", "media", "http://x/" + n.path(), p, 750_000, at);
    }

    StreamingResponse playlist() { return streaming.handle(LOCATOR + "/video.m3u8", Map.of(), null); }

    @Benchmark
    public int stamp() {
        long i = next++;
        return archive.stamp(event(name("video", i), created(i)));
    }

    @Benchmark
    public StreamingResponse stampThenPlaylist() {
        stamp();
        return playlist();
    }

    @Benchmark
    public Asset wholeDocumentStamp() {
        long i = next++;
        SegmentName n = name("video", i);
        Asset a = docs.read("assets/whole.json", Asset.class).orElseThrow().value();
        Asset after = Timelines.stamp(a, n, created(i), 750_000);
        docs.put("assets/whole.json", after);
        return after;
    }
}
