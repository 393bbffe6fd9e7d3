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
import io.livepipe.http.RawHttp;
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

    static final int DEADLINE_SECONDS = 2;

    static String get(String target, String... headers) {
        return "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + String.join("", headers) + "\r\n";
    }

    /**
     * The origin over raw sockets (issue 19 items 3 and 7): pipelined answers in order with HEAD framed
     * right, Range per RFC 9110 §14.2, the Host rule and malformed targets (400, no secret logged), and a
     * trickling client cut at the deadline.
     */
    static void originAnswersOddClientsAsRfc9110And9112Say(int port, String base, String segment, int length) throws Exception {
        String none = "/" + "0".repeat(32) + "/master.m3u8";
        try (RawHttp c = new RawHttp(port)) {
            c.send(get(base + segment) + get(none) + "HEAD " + base + segment + " HTTP/1.1\r\nHost: x\r\n\r\n"
                    + get(base + "master.m3u8") + get("/health"));
            RawHttp.Response whole = c.read();
            assertEquals(200, whole.status());
            assertEquals(length, whole.body().length);
            assertEquals(404, c.read().status());
            RawHttp.Response head = c.read(true);
            assertEquals(200, head.status());
            assertEquals(Integer.toString(length), head.headers().get("content-length"));
            RawHttp.Response master = c.read();
            assertTrue(master.text().contains("#EXT-X-STREAM-INF:"), master.text());
            assertTrue(c.read().text().contains("connectedChannels"));
        }
        try (RawHttp c = new RawHttp(port)) {
            c.send(get(base + segment, "Range: bytes=0-99\r\n"));
            RawHttp.Response part = c.read();
            assertEquals(206, part.status());
            assertEquals("bytes 0-99/" + length, part.headers().get("content-range"));
            assertEquals(100, part.body().length);
            for (String ignored : List.of("garbage", "bytes=0-1,5-6", "bytes=5-2", "items=0-5", "bytes=x-")) {
                RawHttp.Response r = c.send(get(base + segment, "Range: " + ignored + "\r\n")).read();
                assertEquals(200, r.status(), ignored);
                assertEquals(length, r.body().length, ignored);
            }
            RawHttp.Response past = c.send(get(base + segment, "Range: bytes=" + length + "-\r\n")).read();
            assertEquals(416, past.status());
            assertEquals("bytes */" + length, past.headers().get("content-range"));
        }
        for (String bad : List.of("GET " + base + "master.m3u8 HTTP/1.1\r\n\r\n",
                "GET " + base + "master.m3u8 HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",
                get(base + "vid|eo.m3u8?token=SECRETTOKEN1"), get(base + "video.m3u8?token=SECRETTOKEN2%zz"),
                get(base + "vi\\deo.m3u8"))) {
            List<String> logged = new java.util.concurrent.CopyOnWriteArrayList<>();
            java.util.logging.Handler capture = new java.util.logging.Handler() {
                @Override public void publish(java.util.logging.LogRecord r) { logged.add(new java.util.logging.SimpleFormatter().format(r)); }
                @Override public void flush() { }
                @Override public void close() { }
            };
            java.util.logging.Logger.getLogger("").addHandler(capture);
            try (RawHttp c = new RawHttp(port)) {
                RawHttp.Response r = c.send(bad).read();
                assertEquals(400, r.status(), bad);
                assertFalse(r.text().contains("SECRET"), r.text());
            } finally {
                java.util.logging.Logger.getLogger("").removeHandler(capture);
            }
            for (String l : logged) assertFalse(l.contains("SECRET"), l);
        }
        try (RawHttp c = new RawHttp(port)) {
            long t0 = System.nanoTime();
            c.send("GET " + base + "master.m3u8 HTTP/1.1\r\n");
            RawHttp.Response r = c.trickle("Host: 127.0.0.1\r\nX-Slow: " + "s".repeat(200) + "\r\n");
            double seconds = (System.nanoTime() - t0) / 1e9;
            assertEquals(408, r.status());
            assertTrue(seconds >= DEADLINE_SECONDS - 0.1 && seconds < DEADLINE_SECONDS + 8, "cut after " + seconds + " s");
            System.out.printf("encoder origin: header trickler cut after %.2f s (deadline %d s)%n", seconds, DEADLINE_SECONDS);
        }
    }

    @Test
    void archivesWhatFfmpegPublishesReportsItAndAnswersHealthProbes() throws Exception {
        List<EventGridEvent> events = new CopyOnWriteArrayList<>();
        EventPublisher publisher = events::addAll;
        Settings settings = Settings.from(Map.of(Setting.LIVEPIPE_RTMP_PORT.name(), "0", Setting.LIVEPIPE_HTTP_PORT.name(), "0",
                Setting.LIVEPIPE_SRT_PORT.name(), "0", Setting.LIVEPIPE_RTMPS_PORT.name(), "0",
                Setting.LIVEPIPE_DATA_DIR.name(), root.resolve("data").toString(),
                Setting.LIVEPIPE_HTTP_REQUEST_DEADLINE_SECONDS.name(), Integer.toString(DEADLINE_SECONDS)));
        FileBlobStore media = new FileBlobStore(root.resolve("media"), "media", EventPublisher.none(), Clock.systemUTC());
        FileBlobStore state = new FileBlobStore(root.resolve("state"), "state", EventPublisher.none(), Clock.systemUTC());
        Platform platform = new Platform(settings, media, state, publisher, "eventgrid", Clock.systemUTC());
        ChannelService channels = Services.channels(platform);
        String key = channels.create("box", new ChannelSpec(null, null, null, null, null, null, null, null)).streamKey();
        channels.start("box");
        Services.archive(platform).start("box", "show", "box-show", java.time.Duration.ofMinutes(10));
        String pushKey = channels.create("pushed", new ChannelSpec(null, null, null, null, null, null, null, null)).streamKey();
        channels.start("pushed");
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
            originAnswersOddClientsAsRfc9110And9112Say(service.httpPort(), "/" + locator + "/", segment, seg.body().length);
            // HTTP push ingest on the same port: FFmpeg's Smooth ingest POST into the second channel.
            Process smooth = new ProcessBuilder("ffmpeg", "-hide_banner", "-loglevel", "error", "-re",
                    "-f", "lavfi", "-i", "testsrc2=size=320x180:rate=30", "-f", "lavfi", "-i", "sine=sample_rate=48000",
                    "-t", "3", "-c:v", "libx264", "-preset", "ultrafast", "-g", "30", "-c:a", "aac", "-f", "ismv",
                    "http://127.0.0.1:" + service.httpPort() + "/ingest/" + pushKey + "/Streams(cam)")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            assertTrue(smooth.waitFor(30, TimeUnit.SECONDS), "ffmpeg finished");
            assertEquals(0, smooth.exitValue());
            Thread.sleep(1000);
        }
        String pushedConnected = events.stream().filter(e -> e.eventType().equals(MediaEventTypes.ENCODER_CONNECTED)
                && e.subject().endsWith("/pushed")).map(e -> e.data().toString()).findFirst().orElse("none");
        assertTrue(pushedConnected.contains("/ingest") && !pushedConnected.contains(pushKey), pushedConnected);
        assertTrue(media.list("channels/pushed/runs/").stream().filter(b -> b.path().endsWith(".m4s")).count() >= 2, "pushed segments stored");
        List<String> types = events.stream().map(EventGridEvent::eventType).toList();
        assertTrue(types.contains(MediaEventTypes.ENCODER_CONNECTED), types.toString());
        List<BlobProperties> stored = media.list("channels/box/runs/");
        assertTrue(stored.stream().anyMatch(b -> b.path().endsWith("init.mp4")), stored.toString());
        long segments = stored.stream().filter(b -> b.path().endsWith(".m4s")).count();
        assertTrue(segments >= 2, "segments stored: " + segments);
        assertFalse(events.isEmpty());
    }
}
