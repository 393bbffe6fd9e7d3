package io.livepipe.encoder.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livepipe.channel.ChannelService;
import io.livepipe.channel.ChannelSpec;
import io.livepipe.config.Setting;
import io.livepipe.config.Settings;
import io.livepipe.events.EventGridEvent;
import io.livepipe.events.EventPublisher;
import io.livepipe.events.media.MediaEventTypes;
import io.livepipe.platform.Platform;
import io.livepipe.platform.Services;
import io.livepipe.storage.BlobProperties;
import io.livepipe.storage.FileBlobStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The container's process: FFmpeg publishes to it over RTMP, its segments land in the media
 * store, its channel events go to the platform's publisher, and its health endpoint answers
 * the probes. Settings that cannot work in a container are refused with what to set.
 */
class EncoderServiceTest {
    @TempDir
    Path root;

    @Test
    void refusesInProcessEventsWithTheSettingToChange() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EncoderService.platformFrom(Settings.defaults()));
        assertTrue(e.getMessage().contains("LIVEPIPE_EVENTS=eventgrid"), e.getMessage());
        IllegalArgumentException noEndpoint = assertThrows(IllegalArgumentException.class,
                () -> EncoderService.platformFrom(Settings.from(Map.of("LIVEPIPE_EVENTS", "eventgrid"))));
        assertTrue(noEndpoint.getMessage().contains("LIVEPIPE_EVENTGRID_TOPIC_ENDPOINT"), noEndpoint.getMessage());
    }

    @Test
    void archivesWhatFfmpegPublishesReportsItAndAnswersHealthProbes() throws Exception {
        List<EventGridEvent> events = new CopyOnWriteArrayList<>();
        EventPublisher publisher = events::addAll;
        Settings settings = Settings.from(Map.of(Setting.LIVEPIPE_RTMP_PORT.name(), "0", Setting.LIVEPIPE_HTTP_PORT.name(), "0"));
        FileBlobStore media = new FileBlobStore(root.resolve("media"), "media", EventPublisher.none(), Clock.systemUTC());
        FileBlobStore state = new FileBlobStore(root.resolve("state"), "state", EventPublisher.none(), Clock.systemUTC());
        Platform platform = new Platform(settings, media, state, publisher, "eventgrid", Clock.systemUTC());
        ChannelService channels = Services.channels(platform);
        String key = channels.create("box", new ChannelSpec(null, null, null, null, null, null, null, null)).streamKey();
        channels.start("box");
        Services.archive(platform).start("box", "show", "box-show", java.time.Duration.ofMinutes(10));
        HttpClient http = HttpClient.newHttpClient();
        try (EncoderService service = new EncoderService(platform)) {
            service.start();
            URI health = URI.create("http://127.0.0.1:" + service.httpPort() + "/health");
            Process ffmpeg = new ProcessBuilder("ffmpeg", "-hide_banner", "-loglevel", "error", "-re",
                    "-f", "lavfi", "-i", "testsrc2=size=320x180:rate=30", "-f", "lavfi", "-i", "sine=sample_rate=48000",
                    "-t", "6", "-c:v", "libx264", "-preset", "ultrafast", "-g", "60", "-c:a", "aac", "-f", "flv",
                    "rtmp://127.0.0.1:" + service.rtmpPort() + "/live/" + key)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            Thread.sleep(3000);
            HttpResponse<String> during = http.send(HttpRequest.newBuilder(health).build(), HttpResponse.BodyHandlers.ofString());
            assertTrue(ffmpeg.waitFor(30, TimeUnit.SECONDS), "ffmpeg finished");
            assertEquals(0, ffmpeg.exitValue());
            assertEquals(200, during.statusCode());
            assertTrue(during.body().contains("\"connectedChannels\":1") && during.body().contains("\"events\":\"eventgrid\""), during.body());
            assertEquals(404, http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.httpPort() + "/api/channels")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode());
            // The origin: segments stamped as ArchiveStamp would (here from the store, as a restart reconciles),
            // then published through a locator and served as the StreamingEndpoint function serves them.
            Services.archive(platform).reconcile(media, "media");
            String locator = Services.locators(platform).create(new io.livepipe.streaming.LocatorRequest("box-show", "clear", null, null, null, null)).id();
            String origin = "http://127.0.0.1:" + service.httpPort() + "/" + locator + "/";
            HttpResponse<String> master = http.send(HttpRequest.newBuilder(URI.create(origin + "master.m3u8")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, master.statusCode(), master.body());
            assertTrue(master.body().contains("#EXT-X-STREAM-INF:") && master.body().contains("video.m3u8"), master.body());
            String playlist = http.send(HttpRequest.newBuilder(URI.create(origin + "video.m3u8")).build(), HttpResponse.BodyHandlers.ofString()).body();
            String segment = playlist.lines().filter(l -> l.endsWith(".m4s")).findFirst().orElseThrow();
            HttpResponse<byte[]> seg = http.send(HttpRequest.newBuilder(URI.create(origin + segment)).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, seg.statusCode());
            assertEquals("video/mp4", seg.headers().firstValue("Content-Type").orElse(""));
            assertTrue(seg.body().length > 1000);
            assertEquals(404, http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.httpPort() + "/" + "0".repeat(32) + "/master.m3u8")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode());
            assertEquals(405, http.send(HttpRequest.newBuilder(URI.create(origin + "master.m3u8")).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode());
        }
        List<String> types = events.stream().map(EventGridEvent::eventType).toList();
        assertTrue(types.contains(MediaEventTypes.ENCODER_CONNECTED), types.toString());
        List<BlobProperties> stored = media.list("channels/box/runs/");
        assertTrue(stored.stream().anyMatch(b -> b.path().endsWith("init.mp4")), stored.toString());
        long segments = stored.stream().filter(b -> b.path().endsWith(".m4s")).count();
        assertTrue(segments >= 2, "segments stored: " + segments);
        assertFalse(events.isEmpty());
    }
}
