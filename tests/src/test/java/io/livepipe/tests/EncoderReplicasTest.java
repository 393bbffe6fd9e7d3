package io.livepipe.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.livepipe.archive.Asset;
import io.livepipe.channel.ChannelService;
import io.livepipe.channel.ChannelSpec;
import io.livepipe.config.Setting;
import io.livepipe.config.Settings;
import io.livepipe.events.EventGridEvent;
import io.livepipe.events.EventJson;
import io.livepipe.events.EventPublisher;
import io.livepipe.events.livepipe.LivepipeEventTypes;
import io.livepipe.events.media.MediaEventTypes;
import io.livepipe.events.media.ResultCodes;
import io.livepipe.platform.Platform;
import io.livepipe.platform.Services;
import io.livepipe.storage.AzureBlobStore;
import io.livepipe.storage.Azurite;
import io.livepipe.storage.BlobProperties;
import io.livepipe.storage.BlobStore;
import io.livepipe.storage.LeaseHeldException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Three encoder service processes ({@code EncoderMain}, as the Container App runs it) on one
 * Azurite, each publishing its events to a topic endpoint of its own, so the test knows which
 * replica said what. FFmpeg publishes to one of them: (a) a second publisher to the same channel
 * on another replica is refused with the AMS code and a ConnectionRejected; (c) only the
 * holder publishes the channel's heartbeats; (b) the holder is killed with SIGKILL, FFmpeg
 * reconnects to another replica, which takes the lease over once it expired, and the program's
 * asset keeps every segment stored before the kill, then continues after one discontinuity;
 * (d) the lease broken from outside mid-publish makes that replica stop writing the channel and
 * say so. Stamping: Azurite has no Event Grid system topic, so the test stamps with the shared
 * ArchiveService's reconcile over the stored segments — what ArchiveStamp does per BlobCreated
 * in Azure and what a restarted local platform does.
 */
class EncoderReplicasTest {
    static final Duration LEASE = Duration.ofSeconds(15);
    static final String CHANNEL = "replicated";

    /** Logs of the replicas and publishers, kept for a failure's reader. */
    final Path dir = logs();

    static Path logs() {
        try {
            return Files.createDirectories(Path.of("target", "encoder-replicas", Long.toString(System.currentTimeMillis())));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    final Map<String, List<EventGridEvent>> topics = new ConcurrentHashMap<>();
    final HttpClient http = HttpClient.newHttpClient();

    static final String STORE_PASSWORD = "replicas";

    /** A self-signed certificate for 127.0.0.1 (the Event Grid SDK sends a topic key over HTTPS only), and a trust store of it for the replicas. */
    Path certificate() throws Exception {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Path keys = dir.resolve("topic.p12");
        Path cert = dir.resolve("topic.cer");
        Path trust = dir.resolve("trust.p12");
        run(keytool.toString(), "-genkeypair", "-alias", "topic", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=127.0.0.1",
                "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2", "-storetype", "PKCS12", "-keystore", keys.toString(),
                "-storepass", STORE_PASSWORD, "-keypass", STORE_PASSWORD);
        run(keytool.toString(), "-exportcert", "-alias", "topic", "-keystore", keys.toString(), "-storepass", STORE_PASSWORD,
                "-file", cert.toString());
        run(keytool.toString(), "-importcert", "-noprompt", "-alias", "topic", "-file", cert.toString(), "-storetype", "PKCS12",
                "-keystore", trust.toString(), "-storepass", STORE_PASSWORD);
        return keys;
    }

    static void run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IllegalStateException(String.join(" ", cmd) + ": " + out);
    }

    /** One custom topic per replica: /{replica}/api/events takes what the Event Grid SDK posts, over HTTPS. */
    HttpServer topic() throws Exception {
        java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(certificate())) {
            ks.load(in, STORE_PASSWORD.toCharArray());
        }
        javax.net.ssl.KeyManagerFactory kmf = javax.net.ssl.KeyManagerFactory.getInstance(javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, STORE_PASSWORD.toCharArray());
        javax.net.ssl.SSLContext tls = javax.net.ssl.SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);
        com.sun.net.httpserver.HttpsServer s = com.sun.net.httpserver.HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        s.setHttpsConfigurator(new com.sun.net.httpserver.HttpsConfigurator(tls));
        s.createContext("/", x -> {
            try (x) {
                String replica = x.getRequestURI().getPath().split("/")[1];
                String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                topics.computeIfAbsent(replica, k -> new CopyOnWriteArrayList<>()).addAll(EventJson.parseArray(body));
                x.sendResponseHeaders(200, -1);
            }
        });
        s.start();
        return s;
    }

    record Replica(String name, Process process, int rtmpPort, int httpPort) { }

    Replica replica(String name, Azurite azurite, int topicPort) throws Exception {
        int rtmp = freePort();
        int httpPort = freePort();
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djavax.net.ssl.trustStore=" + dir.resolve("trust.p12").toAbsolutePath(),
                "-Djavax.net.ssl.trustStorePassword=" + STORE_PASSWORD, "-Djavax.net.ssl.trustStoreType=PKCS12",
                "-cp", System.getProperty("java.class.path"), "io.livepipe.encoder.service.EncoderMain");
        Map<String, String> env = pb.environment();
        env.put(Setting.LIVEPIPE_STORAGE.name(), "azure");
        env.put(Setting.LIVEPIPE_STORAGE_CONNECTION_STRING.name(), azurite.connectionString());
        env.put(Setting.LIVEPIPE_EVENTS.name(), "eventgrid");
        env.put(Setting.LIVEPIPE_EVENTGRID_TOPIC_ENDPOINT.name(), "https://127.0.0.1:" + topicPort + "/" + name + "/api/events");
        env.put(Setting.LIVEPIPE_EVENTGRID_TOPIC_KEY.name(), "test-topic-key");
        env.put(Setting.LIVEPIPE_RTMP_PORT.name(), Integer.toString(rtmp));
        env.put(Setting.LIVEPIPE_RTMPS_PORT.name(), "0");
        env.put(Setting.LIVEPIPE_DATA_DIR.name(), dir.resolve(name).toString());
        env.put(Setting.LIVEPIPE_SRT_PORT.name(), "off");
        env.put(Setting.LIVEPIPE_HTTP_PORT.name(), Integer.toString(httpPort));
        env.put(Setting.LIVEPIPE_LEASE_DURATION.name(), LEASE.toString());
        env.put(Setting.LIVEPIPE_REPLICA_NAME.name(), name);
        Process p = pb.redirectErrorStream(true).redirectOutput(dir.resolve(name + ".log").toFile()).start();
        URI health = URI.create("http://127.0.0.1:" + httpPort + "/health");
        await(Duration.ofSeconds(40), () -> {
            try {
                return http.send(HttpRequest.newBuilder(health).build(), HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
            } catch (IOException notYet) {
                return false;
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }, name + " answers its health probe");
        return new Replica(name, p, rtmp, httpPort);
    }

    Process ffmpeg(Replica r, String key, String name, int seconds) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-re",
                "-f", "lavfi", "-i", "testsrc2=size=320x180:rate=30", "-f", "lavfi", "-i", "sine=sample_rate=48000"));
        if (seconds > 0) cmd.addAll(List.of("-t", Integer.toString(seconds)));
        cmd.addAll(List.of("-c:v", "libx264", "-preset", "ultrafast", "-g", "60", "-c:a", "aac", "-f", "flv",
                "rtmp://127.0.0.1:" + r.rtmpPort() + "/live/" + key));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve(name + ".log").toFile()).start();
    }

    List<EventGridEvent> events(String replica, String type) {
        return topics.getOrDefault(replica, List.of()).stream()
                .filter(e -> e.eventType().equals(type) && e.subject().equals(MediaEventTypes.subject(CHANNEL))).toList();
    }

    static Set<String> segments(BlobStore media) {
        return media.list("channels/" + CHANNEL + "/runs/").stream().map(BlobProperties::path)
                .filter(p -> p.endsWith(".m4s")).collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void replicasShareChannelsByLeasesSurviveAKillAndStopWritingWhenTheLeaseIsLost() throws Exception {
        List<Process> started = new ArrayList<>();
        HttpServer topic = topic();
        try (Azurite azurite = Azurite.start()) {
            BlobStore media = AzureBlobStore.fromConnectionString(azurite.connectionString(), "media");
            BlobStore state = AzureBlobStore.fromConnectionString(azurite.connectionString(), "state");
            Platform platform = new Platform(Settings.defaults(), media, state, EventPublisher.none(), "eventgrid", Clock.systemUTC());
            ChannelService channels = Services.channels(platform);
            String key = channels.create(CHANNEL, new ChannelSpec(null, null, null, null, null, null, null, null)).streamKey();
            channels.start(CHANNEL);
            Services.archive(platform).start(CHANNEL, "show", CHANNEL + "-show", Duration.ofMinutes(30));

            int topicPort = topic.getAddress().getPort();
            Replica a = replica("a", azurite, topicPort);
            started.add(a.process());
            Replica b = replica("b", azurite, topicPort);
            started.add(b.process());
            Replica c = replica("c", azurite, topicPort);
            started.add(c.process());

            // A publisher on a, the holder for as long as it lives.
            Process first = ffmpeg(a, key, "ffmpeg-a", 0);
            started.add(first);
            await(Duration.ofSeconds(20), () -> !events("a", MediaEventTypes.ENCODER_CONNECTED).isEmpty(), "a accepts the publisher");
            assertEquals("a", new io.livepipe.encoder.live.ChannelLeases(state, "test", LEASE, Clock.systemUTC())
                    .owner(CHANNEL).orElseThrow().replica());

            // (a) A second publisher to the same channel, on b: refused with the AMS code, as on one replica.
            Process second = ffmpeg(b, key, "ffmpeg-b-refused", 5);
            assertTrue(second.waitFor(20, TimeUnit.SECONDS), "the refused publisher gives up");
            assertTrue(second.exitValue() != 0, "ffmpeg was refused");
            List<EventGridEvent> rejected = events("b", MediaEventTypes.CONNECTION_REJECTED);
            assertEquals(1, rejected.size(), rejected.toString());
            assertEquals(ResultCodes.ALREADY_PUBLISHING, rejected.get(0).data().get("resultCode").asText());
            assertTrue(events("b", MediaEventTypes.ENCODER_CONNECTED).isEmpty());

            // (c) Heartbeats: the holder's only. a's first comes 20 s after it started.
            await(Duration.ofSeconds(40), () -> !events("a", MediaEventTypes.INGEST_HEARTBEAT).isEmpty(), "a's heartbeat");
            await(Duration.ofSeconds(20), () -> segments(media).size() >= 6, "a stored segments");

            // (b) SIGKILL the holder while FFmpeg publishes to it.
            Set<String> beforeKill = segments(media);
            a.process().destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            long killedAt = System.nanoTime();
            first.waitFor(20, TimeUnit.SECONDS);
            Set<String> storedByA = segments(media);
            assertTrue(storedByA.containsAll(beforeKill));

            // The encoder reconnects, now to b: refused while a's lease lives, accepted once it expired.
            Process third = null;
            int refusals = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline && events("b", MediaEventTypes.ENCODER_CONNECTED).isEmpty()) {
                Process attempt = ffmpeg(b, key, "ffmpeg-b-" + refusals, 30);
                started.add(attempt);
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                while (System.nanoTime() < until && attempt.isAlive() && events("b", MediaEventTypes.ENCODER_CONNECTED).isEmpty()) {
                    Thread.sleep(100);
                }
                if (!events("b", MediaEventTypes.ENCODER_CONNECTED).isEmpty()) {
                    third = attempt;
                } else {
                    attempt.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                    refusals++;
                    Thread.sleep(500);
                }
            }
            double takeoverSeconds = (System.nanoTime() - killedAt) / 1e9;
            System.out.printf("replica takeover after SIGKILL: %.1f s (lease %d s), %d refused reconnects%n",
                    takeoverSeconds, LEASE.toSeconds(), refusals);
            assertTrue(third != null, "b took the channel over within 60 s of the kill");
            assertTrue(refusals >= 1, "b refused while a's lease lived");
            assertTrue(takeoverSeconds < LEASE.toSeconds() + 20, "taken over soon after the lease expired: " + takeoverSeconds);
            assertEquals("b", new io.livepipe.encoder.live.ChannelLeases(state, "test", LEASE, Clock.systemUTC())
                    .owner(CHANNEL).orElseThrow().replica());
            int storedBeforeB = storedByA.size();
            await(Duration.ofSeconds(30), () -> segments(media).size() >= storedBeforeB + 3, "b stores segments of the same run");

            // (d) The lease is broken from outside mid-publish: b stops writing the channel and says so.
            assertTrue(state.breakLease("leases/channels/" + CHANNEL));
            await(Duration.ofSeconds(20), () -> !events("b", LivepipeEventTypes.CHANNEL_LEASE_LOST).isEmpty(), "b tells of the lost lease");
            assertTrue(third.waitFor(20, TimeUnit.SECONDS), "b closed its publisher's connection");
            Set<String> afterLoss = segments(media);
            Thread.sleep(4000);
            assertEquals(afterLoss, segments(media), "nothing written after the lease was lost");
            assertEquals(ResultCodes.SERVICE_UNAVAILABLE,
                    events("b", MediaEventTypes.ENCODER_DISCONNECTED).get(0).data().get("resultCode").asText());

            // (c) Once per channel across replicas: b never held it while a did, c never.
            assertTrue(events("c", MediaEventTypes.INGEST_HEARTBEAT).isEmpty(), "c never held the channel");
            assertTrue(events("c", MediaEventTypes.ENCODER_CONNECTED).isEmpty());
            long firstBHeartbeat = events("b", MediaEventTypes.INGEST_HEARTBEAT).stream()
                    .mapToLong(e -> e.eventTime().toEpochMilli()).min().orElse(Long.MAX_VALUE);
            long bConnected = events("b", MediaEventTypes.ENCODER_CONNECTED).get(0).eventTime().toEpochMilli();
            assertTrue(firstBHeartbeat >= bConnected, "b published no heartbeat before it held the channel");
            // the deployment's timers: one replica holds their lease
            org.junit.jupiter.api.Assertions.assertThrows(LeaseHeldException.class,
                    () -> state.acquireLease("leases/timers", LEASE, UUID.randomUUID().toString()));

            // The program's asset: every segment stored before the kill, then b's after one discontinuity.
            Services.archive(platform).reconcile(media, "media");
            Asset asset = Services.archive(platform).asset(CHANNEL + "-show");
            Asset.Timeline video = asset.renditions().get("video");
            List<String> timeline = video.segments().stream().map(Asset.Entry::path).toList();
            for (String s : beforeKill) {
                if (s.contains("/video/")) assertTrue(timeline.contains(s), "stored before the kill and in the timeline: " + s);
            }
            assertTrue(timeline.size() > beforeKill.stream().filter(s -> s.contains("/video/")).count(), "b's segments follow");
            long discontinuities = video.segments().stream().skip(1).filter(Asset.Entry::discontinuity).count();
            assertEquals(1, discontinuities, "one discontinuity where b took over: " + timeline);
            assertEquals(1, video.segments().stream().map(Asset.Entry::runId).distinct().count(), "one run");
            List<Long> sequences = video.segments().stream().map(Asset.Entry::sequence).toList();
            for (int i = 1; i < sequences.size(); i++) assertTrue(sequences.get(i) > sequences.get(i - 1), "numbered on: " + sequences);
        } finally {
            for (Process p : started) p.destroyForcibly();
            topic.stop(0);
        }
    }

    static void await(Duration timeout, BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) return;
            Thread.sleep(200);
        }
        throw new AssertionError("not within " + timeout + ": " + what);
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
