package io.livepipe.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.livepipe.channel.ChannelService;
import io.livepipe.channel.ChannelSpec;
import io.livepipe.config.Settings;
import io.livepipe.encoder.live.ChannelLeases;
import io.livepipe.events.EventPublisher;
import io.livepipe.events.media.MediaEventTypes;
import io.livepipe.platform.Platform;
import io.livepipe.platform.Services;
import io.livepipe.storage.AzureBlobStore;
import io.livepipe.storage.Azurite;
import io.livepipe.storage.BlobStore;
import io.livepipe.streaming.LocatorRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * LL-HLS through the encoder replica that does not ingest the channel: two encoder service
 * processes on one Azurite (as {@link EncoderReplicasTest} runs them), FFmpeg publishes a
 * low-latency channel to a; b, asked for the channel's {@code /ll/} playlists, parts and blocking
 * reloads, passes them on to a (the origin URL a wrote into the channel's lease record) and
 * answers with a's bytes. A request already passed on once is not passed on again.
 */
class LowLatencyReplicasTest {
    static final Pattern PART = Pattern.compile("#EXT-X-PART:DURATION=[0-9.]+,URI=\"(video/[^/]+/(\\d+)\\.(\\d+)\\.m4s)\"");

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    HttpResponse<String> get(String url, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
        if (headers.length > 0) b.headers(headers);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    byte[] bytes(String url) throws Exception {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, r.statusCode(), url);
        return r.body();
    }

    @Test
    void theReplicaThatDoesNotHoldTheChannelAnswersItsLowLatencyRequestsFromTheHolder() throws Exception {
        EncoderReplicasTest replicas = new EncoderReplicasTest();
        List<Process> started = new ArrayList<>();
        HttpServer topic = replicas.topic();
        try (Azurite azurite = Azurite.start()) {
            BlobStore media = AzureBlobStore.fromConnectionString(azurite.connectionString(), "media");
            BlobStore state = AzureBlobStore.fromConnectionString(azurite.connectionString(), "state");
            Platform platform = new Platform(Settings.defaults(), media, state, EventPublisher.none(), "eventgrid", Clock.systemUTC());
            ChannelService channels = Services.channels(platform);
            String key = channels.create(EncoderReplicasTest.CHANNEL, new ChannelSpec(null, null, null, Duration.ofSeconds(2), null, null, null,
                    null, null, null, List.of("LowLatency"))).streamKey();
            channels.start(EncoderReplicasTest.CHANNEL);
            Services.archive(platform).start(EncoderReplicasTest.CHANNEL, "show", "ll-show", Duration.ofMinutes(30));
            String locator = Services.locators(platform).create(new LocatorRequest("ll-show", "clear", null, null, null, null)).id();

            EncoderReplicasTest.Replica a = replicas.replica("a", azurite, topic.getAddress().getPort());
            started.add(a.process());
            EncoderReplicasTest.Replica b = replicas.replica("b", azurite, topic.getAddress().getPort());
            started.add(b.process());
            started.add(replicas.ffmpeg(a, key, "ffmpeg-ll", 0));
            EncoderReplicasTest.await(Duration.ofSeconds(20), () -> !replicas.events("a", MediaEventTypes.ENCODER_CONNECTED).isEmpty(), "a ingests");
            ChannelLeases.Owner owner = new ChannelLeases(state, "test", EncoderReplicasTest.LEASE, Clock.systemUTC())
                    .owner(EncoderReplicasTest.CHANNEL).orElseThrow();
            assertEquals("a", owner.replica());
            assertTrue(owner.origin() != null && owner.origin().endsWith(":" + a.httpPort()), "a says where it answers: " + owner);

            String viaA = "http://127.0.0.1:" + a.httpPort() + "/" + locator + "/ll/";
            String viaB = "http://127.0.0.1:" + b.httpPort() + "/" + locator + "/ll/";
            EncoderReplicasTest.await(Duration.ofSeconds(30), () -> {
                try {
                    return PART.matcher(get(viaB + "video.m3u8").body()).find();
                } catch (Exception e) {
                    return false;
                }
            }, "b answers the LL playlist with a's parts");
            HttpResponse<String> playlist = get(viaB + "video.m3u8");
            assertEquals(200, playlist.statusCode(), playlist.body());
            assertEquals("no-cache", playlist.headers().firstValue("Cache-Control").orElse(""));
            assertTrue(playlist.body().contains("#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES"), playlist.body());
            assertEquals(200, get(viaB + "master.m3u8").statusCode());

            Matcher last = PART.matcher(playlist.body());
            String uri = null;
            long msn = -1;
            int part = -1;
            while (last.find()) {
                uri = last.group(1);
                msn = Long.parseLong(last.group(2));
                part = Integer.parseInt(last.group(3));
            }
            assertTrue(java.util.Arrays.equals(bytes(viaA + uri), bytes(viaB + uri)), "the same part through either replica");

            // a blocking reload through b is held on a until the next part, and answered with it
            long t0 = System.nanoTime();
            HttpResponse<String> next = get(viaB + "video.m3u8?_HLS_msn=" + msn + "&_HLS_part=" + (part + 1));
            long heldMs = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(200, next.statusCode(), next.body());
            assertTrue(next.body().contains("." + (part + 1) + ".m4s\"") || next.body().contains("/" + (msn + 1) + ".0.m4s\""), next.body());
            assertTrue(heldMs < 3000, "held " + heldMs + " ms for a 0.5 s part");
            assertEquals(400, get(viaB + "video.m3u8?_HLS_msn=" + (msn + 3)).statusCode(), "the holder's answer to a reload too far ahead");
            System.out.println("event=ll_via_other_replica heldMs=" + heldMs);

            // passed on once at most: a request that was already forwarded gets b's own answer
            assertEquals(404, get(viaB + "video.m3u8", "X-Livepipe-Forwarded", "1").statusCode());
        } finally {
            for (Process p : started) p.destroyForcibly();
            topic.stop(0);
        }
    }
}
