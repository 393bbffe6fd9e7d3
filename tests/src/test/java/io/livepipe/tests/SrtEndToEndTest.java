package io.livepipe.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SRT ingest through the whole local platform, with the three callers the issue names (FFmpeg,
 * srt-live-transmit, GStreamer's srtsink): each publish is recorded by a program and played back
 * by FFmpeg from HLS and from DASH, with the contribution's duration and its A/V offset within
 * one AAC frame. Also the channel API's side: the SRT URL handed out once with the key, the
 * passphrase never shown.
 */
class SrtEndToEndTest {
    static final double SECONDS = 6;
    static final double AUDIO_FRAME_SECONDS = 1024 / 48_000.0;
    /** What a caller's close may cost at the end: SRT's receiver latency (120 ms), the audio PES in flight, a frame. */
    static final double END_LOSS_SECONDS = 0.45;
    static LocalPlatformHarness lp;
    static Path source;

    @BeforeAll
    static void start() throws Exception {
        lp = new LocalPlatformHarness();
        assertTrue(lp.platform.srtPort() > 0, "SRT is listening (libsrt1.5-openssl is installed)");
        source = Files.createTempFile("srt-source", ".ts");
        run(List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=30",
                "-f", "lavfi", "-i", "sine=frequency=500:sample_rate=48000", "-t", Double.toString(SECONDS), "-c:v", "libx264",
                "-preset", "ultrafast", "-bf", "2", "-g", "60", "-c:a", "aac", "-f", "mpegts", source.toString()));
    }

    @AfterAll
    static void stop() { lp.close(); }

    static String run(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), String.join(" ", cmd) + ": " + out);
        return out;
    }

    /** A running channel with a program recording it; the create answer. */
    static JsonNode channelRecording(String name, String body) {
        JsonNode c = LocalPlatformHarness.json(lp.api("POST", "channels", body));
        lp.api("POST", "channels/" + name + "/start", null);
        lp.api("POST", "channels/" + name + "/programs", "{\"name\":\"show\",\"assetName\":\"" + name + "-show\",\"archiveWindow\":\"PT10M\"}");
        return c;
    }

    /** Waits for the encoder to leave, stops the program, publishes the asset; the locator id. */
    static String recorded(String name) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
        while (System.nanoTime() < deadline) {
            JsonNode o = LocalPlatformHarness.json(lp.api("GET", "channels/" + name + "/events", null));
            List<String> types = new ArrayList<>();
            o.get("recentEvents").forEach(e -> types.add(e.get("eventType").asText()));
            if (types.contains("Microsoft.Media.LiveEventEncoderDisconnected")) break;
            Thread.sleep(200);
        }
        Thread.sleep(1500); // the last segments' stamps
        lp.api("POST", "channels/" + name + "/programs/show/stop", null);
        return LocalPlatformHarness.json(lp.api("POST", "locators", "{\"assetName\":\"" + name + "-show\",\"streamingPolicy\":\"clear\"}"))
                .get("id").asText();
    }

    /** First presentation time and duration of a stream of a media file, as ffprobe reads its packets. */
    record Track(double start, double duration) { }

    static Track track(Path f, String stream) throws Exception {
        double first = Double.MAX_VALUE;
        double end = 0;
        for (String line : run(List.of("ffprobe", "-v", "error", "-select_streams", stream, "-show_entries", "packet=pts_time,duration_time",
                "-of", "csv=p=0", f.toString())).split("\n")) {
            String[] v = line.strip().split(",");
            if (v.length < 2 || v[0].isBlank() || v[0].equals("N/A")) continue;
            double pts = Double.parseDouble(v[0]);
            first = Math.min(first, pts);
            end = Math.max(end, pts + (v[1].equals("N/A") ? 0 : Double.parseDouble(v[1])));
        }
        return new Track(first, end - first);
    }

    /** FFmpeg plays {@code url} (every packet, timestamps kept) into a local file. */
    static Path played(String url) throws Exception {
        Path out = Files.createTempFile("played", ".mkv");
        run(List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-copyts", "-i", url, "-map", "0", "-c", "copy", out.toString()));
        return out;
    }

    /** The recording, played from HLS and DASH, lasts as long as the contribution and keeps its A/V offset. */
    static void assertPlaysAsContributed(String locator, Path contribution) throws Exception {
        Track v0 = track(contribution, "v:0");
        Track a0 = track(contribution, "a:0");
        for (String manifest : List.of("/master.m3u8", "/manifest.mpd")) {
            Path f = played(lp.base + "/" + locator + manifest);
            Track v = track(f, "v:0");
            Track a = track(f, "a:0");
            System.out.printf("srt playback %s%s: video %.3f/%.3f s, audio %.3f/%.3f s, lead %.4f (contributed %.4f)%n", locator, manifest,
                    v.duration(), v0.duration(), a.duration(), a0.duration(), v.start() - a.start(), v0.start() - a0.start());
            assertTrue(v.duration() <= v0.duration() + 0.05 && v.duration() >= v0.duration() - END_LOSS_SECONDS,
                    manifest + ": video " + v.duration() + " s of " + v0.duration());
            assertTrue(a.duration() <= a0.duration() + 0.05 && a.duration() >= a0.duration() - END_LOSS_SECONDS,
                    manifest + ": audio " + a.duration() + " s of " + a0.duration());
            assertEquals(v0.start() - a0.start(), v.start() - a.start(), AUDIO_FRAME_SECONDS,
                    manifest + ": video leads audio as in the contribution");
        }
    }

    @Test
    void ffmpegOverSrtPlaysBackFromHlsAndDash() throws Exception {
        JsonNode c = channelRecording("srt-ffmpeg", "{\"name\":\"srt-ffmpeg\",\"keyFrameInterval\":\"PT2S\"}");
        String key = c.get("streamKey").asText();
        assertEquals("srt://127.0.0.1:" + lp.platform.srtPort() + "?streamid=" + key, c.get("srtIngestUrl").asText());
        run(List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-re", "-i", source.toString(), "-c", "copy", "-f", "mpegts",
                "srt://127.0.0.1:" + lp.platform.srtPort() + "?streamid=" + key));
        assertPlaysAsContributed(recorded("srt-ffmpeg"), source);
    }

    @Test
    void srtLiveTransmitWithAPassphraseAndTheAccessControlStreamIdPlaysBack() throws Exception {
        JsonNode c = channelRecording("srt-slt", "{\"name\":\"srt-slt\",\"keyFrameInterval\":\"PT2S\",\"srtPassphrase\":\"live-pipe-secret\"}");
        assertFalse(c.toString().contains("live-pipe-secret"), "the passphrase is never shown");
        JsonNode got = LocalPlatformHarness.json(lp.api("GET", "channels/srt-slt", null));
        assertTrue(got.get("srtEncrypted").asBoolean());
        assertFalse(got.toString().contains("live-pipe-secret"));
        try (var files = Files.walk(lp.dataDir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertFalse(new String(Files.readAllBytes(f), java.nio.charset.StandardCharsets.ISO_8859_1).contains("live-pipe-secret"),
                        "the passphrase is kept only wrapped under the key-encryption key, not in " + f);
            }
        }
        String uri = "srt://127.0.0.1:" + lp.platform.srtPort() + "?streamid=#!::r=" + c.get("streamKey").asText()
                + ",m=publish&passphrase=live-pipe-secret";
        // srt-live-transmit keeps its link after its input ends; its exit timer ends it once the source is sent
        run(List.of("bash", "-c", "ffmpeg -hide_banner -loglevel error -re -i '" + source + "' -c copy -f mpegts - | srt-live-transmit -q -a:no -t:"
                + (int) (SECONDS + 3) + " file://con '" + uri + "'; exit 0"));
        assertPlaysAsContributed(recorded("srt-slt"), source);
    }

    @Test
    void gstreamerSrtsinkPlaysBack() throws Exception {
        JsonNode c = channelRecording("srt-gst", "{\"name\":\"srt-gst\",\"keyFrameInterval\":\"PT2S\"}");
        Path sent = Files.createTempFile("gst-sent", ".ts");
        // GStreamer muxes its own contribution (mpegtsmux); a copy of exactly what it sends is kept to compare with
        run(List.of("gst-launch-1.0", "-q", "-e", "filesrc", "location=" + source, "!", "tsdemux", "name=d",
                "d.", "!", "queue", "!", "h264parse", "!", "mpegtsmux", "name=mux", "alignment=7", "!", "tee", "name=t",
                "t.", "!", "queue", "!", "srtsink", "uri=srt://127.0.0.1:" + lp.platform.srtPort() + "?streamid=" + c.get("streamKey").asText(),
                "wait-for-connection=false", "sync=true",
                "t.", "!", "queue", "!", "filesink", "location=" + sent,
                "d.", "!", "queue", "!", "aacparse", "!", "mux."));
        assertPlaysAsContributed(recorded("srt-gst"), sent);
    }
}
