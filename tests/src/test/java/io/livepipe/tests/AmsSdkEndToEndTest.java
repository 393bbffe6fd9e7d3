package io.livepipe.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.management.AzureEnvironment;
import com.azure.core.management.exception.ManagementException;
import com.azure.core.management.profile.AzureProfile;
import com.azure.resourcemanager.mediaservices.MediaServicesManager;
import com.azure.resourcemanager.mediaservices.models.Asset;
import com.azure.resourcemanager.mediaservices.models.LiveEvent;
import com.azure.resourcemanager.mediaservices.models.LiveEventActionInput;
import com.azure.resourcemanager.mediaservices.models.LiveEventEncoding;
import com.azure.resourcemanager.mediaservices.models.LiveEventEncodingType;
import com.azure.resourcemanager.mediaservices.models.LiveEventInput;
import com.azure.resourcemanager.mediaservices.models.LiveEventInputProtocol;
import com.azure.resourcemanager.mediaservices.models.LiveEventResourceState;
import com.azure.resourcemanager.mediaservices.models.LiveOutput;
import com.azure.resourcemanager.mediaservices.models.ListPathsResponse;
import com.azure.resourcemanager.mediaservices.models.StreamingEndpoint;
import com.azure.resourcemanager.mediaservices.models.StreamingEndpointResourceState;
import com.azure.resourcemanager.mediaservices.models.StreamingLocator;
import com.azure.resourcemanager.mediaservices.models.StreamingPath;
import com.azure.resourcemanager.mediaservices.models.StreamingPolicy;
import io.livepipe.config.Setting;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/**
 * The Azure Media Services SDK 2.4.0 — the real client, unchanged — drives the local platform
 * over HTTPS with a bearer token through the live-streaming quickstart: live event → asset →
 * live output → start → FFmpeg publishes to the ingest URL the SDK read back → streaming locator
 * → listPaths → FFmpeg plays the paths live → delete the live output, stop → the paths play as
 * VOD. Every resource the SDK reads deserializes into its models; bad input gets ARM's error shape
 * and leaves nothing behind.
 */
class AmsSdkEndToEndTest {
    static final String SUB = "00000000-0000-0000-0000-0000000000aa";
    static final String RG = "media-rg";
    static final String ACCOUNT = "amsaccount";
    static LocalPlatformHarness lp;
    static MediaServicesManager ams;
    static String armBase;
    static HttpClient tlsHttp;
    static final Map<String, String> savedTrust = new java.util.HashMap<>();

    @BeforeAll
    static void start() throws Exception {
        lp = new LocalPlatformHarness(Map.of(Setting.LIVEPIPE_HTTPS_PORT, Integer.toString(LocalPlatformHarness.freePort())));
        // trust the platform's self-signed certificate as a user would: a trust store named by javax.net.ssl.trustStore
        Path pem = lp.dataDir.resolve("rtmps-certificate.pem");
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setCertificateEntry("livepipe", CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(pem))));
        Path store = lp.dataDir.resolve("truststore.p12");
        try (var out = Files.newOutputStream(store)) {
            ks.store(out, "changeit".toCharArray());
        }
        for (String p : List.of("javax.net.ssl.trustStore", "javax.net.ssl.trustStorePassword", "javax.net.ssl.trustStoreType")) {
            savedTrust.put(p, System.getProperty(p));
        }
        System.setProperty("javax.net.ssl.trustStore", store.toString());
        System.setProperty("javax.net.ssl.trustStorePassword", "changeit");
        System.setProperty("javax.net.ssl.trustStoreType", "PKCS12");
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        tlsHttp = HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(5)).build();
        armBase = "https://127.0.0.1:" + lp.platform.httpsPort() + "/api";
        ams = manager(LocalPlatformHarness.KEY);
    }

    /** The SDK pointed at the local platform: only the endpoint and the credential differ from Azure. */
    static MediaServicesManager manager(String token) {
        // sdk: connect
        AzureEnvironment local = new AzureEnvironment(Map.of("resourceManagerEndpointUrl", armBase, "managementEndpointUrl", armBase));
        TokenCredential credential = request -> Mono.just(new AccessToken(token, OffsetDateTime.now().plusHours(1)));
        return MediaServicesManager.authenticate(credential, new AzureProfile("local-tenant", SUB, local));
        // end sdk
    }

    @AfterAll
    static void stop() {
        savedTrust.forEach((k, v) -> {
            if (v == null) System.clearProperty(k);
            else System.setProperty(k, v);
        });
        if (lp != null) lp.close();
    }

    @Test
    void theSdksLiveStreamingQuickstartRunsAgainstLivepipe() throws Exception {
        // sdk: live-event
        LiveEvent event = ams.liveEvents().define("arm-news").withRegion("westeurope").withExistingMediaservice(RG, ACCOUNT)
                .withInput(new LiveEventInput().withStreamingProtocol(LiveEventInputProtocol.RTMP).withKeyFrameIntervalDuration("PT2S"))
                .withEncoding(new LiveEventEncoding().withEncodingType(LiveEventEncodingType.PASSTHROUGH_BASIC))
                .withDescription("the quickstart's live event").withUseStaticHostname(true).withHostnamePrefix("news")
                .withAutoStart(false).create();
        // end sdk
        assertEquals(LiveEventResourceState.STOPPED, event.resourceState());
        assertEquals(LiveEventEncodingType.PASSTHROUGH_BASIC, event.encoding().encodingType());
        assertEquals("news", event.hostnamePrefix());
        // the SDK's update sends the whole live event back as a PATCH
        event = event.update().withDescription("the quickstart's live event, renamed").apply();
        assertEquals("the quickstart's live event, renamed", event.description());
        assertEquals("the quickstart's live event, renamed", LocalPlatformHarness.json(lp.api("GET", "channels/arm-news", null)).get("description").asText());

        // sdk: asset
        Asset asset = ams.assets().define("arm-show").withExistingMediaService(RG, ACCOUNT).withDescription("the recording").create();
        // end sdk
        assertTrue(asset.assetId() != null);
        // sdk: live-output
        LiveOutput output = ams.liveOutputs().define("show").withExistingLiveEvent(RG, ACCOUNT, "arm-news")
                .withAssetName("arm-show").withArchiveWindowLength(Duration.ofMinutes(10)).withManifestName("show").create();
        // end sdk
        assertEquals("arm-show", output.assetName());
        assertEquals(Duration.ofMinutes(10), output.archiveWindowLength());

        long before = System.nanoTime();
        // sdk: start
        ams.liveEvents().start(RG, ACCOUNT, "arm-news");
        event = ams.liveEvents().get(RG, ACCOUNT, "arm-news");
        // end sdk
        long startMillis = (System.nanoTime() - before) / 1_000_000;
        // the SDK's poller waits Retry-After (1 s) once, not its default 30 s
        System.out.println("figure: sdk liveEvents().start + get took " + startMillis + " ms");
        assertTrue(startMillis < 10_000, startMillis + " ms");
        assertEquals(LiveEventResourceState.RUNNING, event.resourceState());
        // sdk: ingest
        String ingest = event.input().endpoints().stream().map(e -> e.url()).filter(u -> u.startsWith("rtmp://")).findFirst().orElseThrow();
        // end sdk
        assertTrue(ingest.endsWith("/live/" + event.input().accessToken()), ingest);

        Process ffmpeg = new ProcessBuilder("ffmpeg", "-hide_banner", "-loglevel", "error", "-re", "-f", "lavfi", "-i",
                "testsrc2=size=640x360:rate=30", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000", "-t", "14",
                "-c:v", "libx264", "-preset", "veryfast", "-g", "60", "-b:v", "600k", "-c:a", "aac", "-f", "flv", ingest)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        Thread.sleep(7000);

        // sdk: locator
        StreamingLocator locator = ams.streamingLocators().define("arm-locator").withExistingMediaService(RG, ACCOUNT)
                .withAssetName("arm-show").withStreamingPolicyName("Predefined_ClearStreamingOnly").create();
        // end sdk
        assertEquals(36, locator.streamingLocatorId().toString().length());
        // sdk: paths
        StreamingEndpoint endpoint = ams.streamingEndpoints().get(RG, ACCOUNT, "default");
        if (endpoint.resourceState() != StreamingEndpointResourceState.RUNNING) ams.streamingEndpoints().start(RG, ACCOUNT, "default");
        ListPathsResponse paths = ams.streamingLocators().listPaths(RG, ACCOUNT, "arm-locator");
        List<String> urls = new ArrayList<>();
        for (StreamingPath p : paths.streamingPaths()) for (String path : p.paths()) urls.add("https://" + endpoint.hostname() + path);
        // end sdk
        assertTrue(urls.stream().anyMatch(u -> u.contains(".ism/manifest(format=m3u8-cmaf)")), urls.toString());
        assertTrue(urls.stream().anyMatch(u -> u.contains(".ism/manifest(format=mpd-time-cmaf)")), urls.toString());

        // live: FFmpeg plays the HLS path the SDK listed while the encoder publishes
        String hls = urls.stream().filter(u -> u.contains("m3u8-cmaf")).findFirst().orElseThrow();
        assertEquals(0, play(hls, 3), "FFmpeg played " + hls + " live");

        assertTrue(ffmpeg.waitFor(60, TimeUnit.SECONDS), "ffmpeg finished");
        assertEquals(0, ffmpeg.exitValue(), "ffmpeg published to the ingest URL the SDK read back");
        Thread.sleep(1500);

        // the quickstart's cleanup: delete the live output (the asset stays, as VOD), stop the live event
        // sdk: stop
        ams.liveOutputs().delete(RG, ACCOUNT, "arm-news", "show");
        ams.liveEvents().stop(RG, ACCOUNT, "arm-news", new LiveEventActionInput().withRemoveOutputsOnStop(true));
        // end sdk
        assertEquals(LiveEventResourceState.STOPPED, ams.liveEvents().get(RG, ACCOUNT, "arm-news").resourceState());
        // FFmpeg plays every HLS and DASH path listed (it has no Smooth Streaming client; protocols other than these two,
        // which the streaming formats add, are played by their own tests)
        List<String> playable = new ArrayList<>();
        for (StreamingPath p : paths.streamingPaths()) {
            if (p.streamingProtocol().toString().equals("Hls") || p.streamingProtocol().toString().equals("Dash")) {
                for (String path : p.paths()) playable.add("https://" + endpoint.hostname() + path);
            }
        }
        assertTrue(playable.size() >= 4, playable.toString());
        for (String url : playable) {
            assertEquals(0, play(url, 0), "FFmpeg played " + url + " as VOD");
            double seconds = duration(url);
            assertTrue(seconds >= 6, url + " lasts " + seconds + " s");
        }

        // hls.js and shaka-player in Chromium play the .ism paths listPaths returned (the same routes over the plain port:
        // the browser is not given the self-signed certificate)
        for (StreamingPath p : paths.streamingPaths()) {
            if (!p.streamingProtocol().toString().equals("Hls") && !p.streamingProtocol().toString().equals("Dash")) continue;
            String ism = p.paths().stream().filter(x -> x.contains(".ism/manifest(format=")).findFirst().orElseThrow();
            com.fasterxml.jackson.databind.JsonNode r = lp.play(lp.base + ism, 6, 40, null);
            assertEquals(p.streamingProtocol().toString().equals("Hls") ? "hls.js" : "shaka-player", r.get("library").asText(), r.toString());
            assertEquals(0, r.get("errors").size(), r.toString());
            assertTrue(r.get("currentTime").asDouble() > 6, r.toString());
        }

        // every resource reads back into the SDK's models
        assertEquals(1, ams.liveEvents().list(RG, ACCOUNT).stream().count());
        assertTrue(ams.assets().list(RG, ACCOUNT).stream().anyMatch(a -> a.name().equals("arm-show")));
        assertEquals("arm-locator", ams.assets().listStreamingLocators(RG, ACCOUNT, "arm-show").streamingLocators().get(0).name());
        assertTrue(ams.streamingLocators().list(RG, ACCOUNT).stream().anyMatch(l -> l.name().equals("arm-locator")));
        assertTrue(ams.streamingLocators().listContentKeys(RG, ACCOUNT, "arm-locator").contentKeys().isEmpty());
        List<String> policies = ams.streamingPolicies().list(RG, ACCOUNT).stream().map(StreamingPolicy::name).toList();
        assertTrue(policies.containsAll(List.of("Predefined_ClearStreamingOnly", "Predefined_ClearKey", "Predefined_MultiDrmCencStreaming",
                "Predefined_MultiDrmStreaming", "Predefined_DownloadAndClearStreaming")), policies.toString());
        assertTrue(ams.streamingPolicies().get(RG, ACCOUNT, "Predefined_ClearKey").envelopeEncryption() != null);
        assertEquals(1, ams.streamingEndpoints().list(RG, ACCOUNT).stream().count());
        assertEquals(ACCOUNT, ams.mediaservices().getByResourceGroup(RG, ACCOUNT).name());
        assertTrue(ams.liveOutputs().list(RG, ACCOUNT, "arm-news").stream().findAny().isEmpty());

        // one state, two faces: livepipe's own API sees the same channel and the sealed asset
        assertEquals("Stopped", LocalPlatformHarness.json(lp.api("GET", "channels/arm-news", null)).get("state").asText());
        assertEquals("vod", LocalPlatformHarness.json(lp.api("GET", "assets/arm-show", null)).get("state").asText());

        // sdk: delete
        ams.streamingLocators().delete(RG, ACCOUNT, "arm-locator");
        ams.assets().delete(RG, ACCOUNT, "arm-show");
        ams.liveEvents().delete(RG, ACCOUNT, "arm-news");
        // end sdk
        assertEquals(404, assertThrows(ManagementException.class, () -> ams.liveEvents().get(RG, ACCOUNT, "arm-news")).getResponse().getStatusCode());
        assertEquals(404, lp.api("GET", "channels/arm-news", null).statusCode());
    }

    @Test
    void badInputGetsArmsErrorShapeAndLeavesNothingBehind() throws Exception {
        String events = "/subscriptions/" + SUB + "/resourceGroups/" + RG + "/providers/Microsoft.Media/mediaservices/" + ACCOUNT + "/liveEvents";
        String body = "{\"location\":\"westeurope\",\"properties\":{\"input\":{\"streamingProtocol\":\"RTMP\"}}}";
        HttpResponse<String> noToken = raw("PUT", events + "/bad1?api-version=2022-11-01", body, null);
        assertError(noToken, 401, "AuthenticationFailed");
        assertError(raw("PUT", events + "/bad1?api-version=2022-11-01", body, "Bearer wrong-token-0123456789"), 401, "InvalidAuthenticationToken");
        assertError(raw("PUT", events + "/bad1?api-version=2019-01-01", body, bearer()), 400, "InvalidApiVersionParameter");
        assertError(raw("PUT", events + "/bad1", body, bearer()), 400, "MissingApiVersionParameter");
        assertError(raw("PUT", events + "/bad1?api-version=2022-11-01", "{\"location\":", bearer()), 400, "InvalidRequestContent");
        assertError(raw("PUT", events + "/bad1?api-version=2022-11-01",
                "{\"location\":\"w\",\"properties\":{\"encoding\":{\"encodingType\":\"Turbo\"}}}", bearer()), 400, "BadRequest");
        assertError(raw("PUT", events + "/bad1?api-version=2022-11-01",
                "{\"location\":\"w\",\"properties\":{\"input\":{\"accessToken\":\"short\"}}}", bearer()), 400, "BadRequest");
        assertError(raw("PUT", events + "/bad1?api-version=2022-11-01", "{\"properties\":{}}", bearer()), 400, "LocationRequired");
        // paths match in any case and with doubled slashes, as the SDK's groups and a trailing '/' endpoint send them
        assertEquals(200, raw("GET", events.replace("mediaservices", "mediaServices").replace("/liveEvents", "//LIVEEVENTS")
                + "?api-version=2022-11-01", null, bearer()).statusCode());
        // and at the site root, where Resource Manager has them
        HttpResponse<String> root = tlsHttp.send(HttpRequest.newBuilder(URI.create(armBase.replace("/api", "") + events + "?api-version=2022-11-01"))
                .header("Authorization", bearer()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, root.statusCode(), root.body());
        // the SDK gets the same refusals as a ManagementException with ARM's code
        ManagementException badName = assertThrows(ManagementException.class, () -> ams.liveEvents().define("no_underscores")
                .withRegion("westeurope").withExistingMediaservice(RG, ACCOUNT)
                .withInput(new LiveEventInput().withStreamingProtocol(LiveEventInputProtocol.RTMP)).create());
        assertEquals("BadRequest", badName.getValue().getCode());
        ManagementException wrongToken = assertThrows(ManagementException.class, () -> manager("not-the-key-0123456789").assets().list(RG, ACCOUNT).stream().count());
        assertEquals(401, wrongToken.getResponse().getStatusCode());
        assertThrows(ManagementException.class, () -> ams.streamingLocators().define("loc-missing").withExistingMediaService(RG, ACCOUNT)
                .withAssetName("no-such-asset").withStreamingPolicyName("Predefined_ClearStreamingOnly").create());
        assertThrows(ManagementException.class, () -> ams.liveOutputs().define("o").withExistingLiveEvent(RG, ACCOUNT, "no-such-event")
                .withAssetName("a").withArchiveWindowLength(Duration.ofMinutes(5)).create());
        // nothing half-created, on either face
        assertEquals("[]", LocalPlatformHarness.json(lp.api("GET", "channels", null)).get("value").toString());
        assertEquals(0, ams.liveEvents().list(RG, ACCOUNT).stream().filter(e -> e.name().startsWith("bad") || e.name().startsWith("no")).count());
        assertFalse(ams.streamingLocators().list(RG, ACCOUNT).stream().anyMatch(l -> l.name().equals("loc-missing")));
    }

    /**
     * The migration guide is this test's walk-through: every {@code <!-- sdk: NAME -->} Java block
     * in it is the {@code // sdk: NAME} region of this file, line for line (indentation aside), and
     * every region is in the guide — so the guide shows exactly the code that ran.
     */
    @Test
    void theMigrationGuideShowsTheCodeThisTestRuns() throws Exception {
        String guide = Files.readString(LocalPlatformHarness.repoRoot().resolve("docs/migrating-from-azure-media-services.md"));
        String self = Files.readString(LocalPlatformHarness.repoRoot().resolve("tests/src/test/java/io/livepipe/tests/AmsSdkEndToEndTest.java"));
        Map<String, String> inGuide = new java.util.LinkedHashMap<>();
        var block = java.util.regex.Pattern.compile("<!-- sdk: ([a-z-]+) -->\\s*```java\\n(.*?)```", java.util.regex.Pattern.DOTALL).matcher(guide);
        while (block.find()) inGuide.put(block.group(1), normalize(block.group(2)));
        Map<String, String> inTest = new java.util.LinkedHashMap<>();
        var region = java.util.regex.Pattern.compile("// sdk: ([a-z-]+)\\n(.*?)\\n\\s*// end sdk", java.util.regex.Pattern.DOTALL).matcher(self);
        while (region.find()) inTest.put(region.group(1), normalize(region.group(2)));
        assertTrue(inTest.size() >= 9, inTest.keySet().toString());
        assertEquals(inTest.keySet(), inGuide.keySet(), "the guide's sdk blocks and this test's regions");
        inTest.forEach((name, code) -> assertEquals(code, inGuide.get(name), "guide block " + name));
    }

    static String normalize(String code) {
        return code.lines().map(String::strip).filter(l -> !l.isEmpty()).collect(java.util.stream.Collectors.joining("\n"));
    }

    static String bearer() { return "Bearer " + LocalPlatformHarness.KEY; }

    static void assertError(HttpResponse<String> r, int status, String code) {
        assertEquals(status, r.statusCode(), r.body());
        assertEquals(code, LocalPlatformHarness.json(r).get("error").get("code").asText(), r.body());
        assertFalse(LocalPlatformHarness.json(r).get("error").get("message").asText().isEmpty());
    }

    static HttpResponse<String> raw(String method, String path, String body, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(armBase + path)).timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (authorization != null) b.header("Authorization", authorization);
        return tlsHttp.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** FFmpeg decodes {@code url} (all of it, or {@code seconds} of it), over TLS, to nothing; its exit status. */
    static int play(String url, int seconds) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-i", url));
        if (seconds > 0) cmd.addAll(List.of("-t", Integer.toString(seconds)));
        cmd.addAll(List.of("-f", "null", "-"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return -1;
        }
        if (p.exitValue() != 0) System.err.println(out);
        return p.exitValue();
    }

    static double duration(String url) throws Exception {
        Process p = new ProcessBuilder("ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", url).start();
        String out = new String(p.getInputStream().readAllBytes()).trim();
        p.waitFor(60, TimeUnit.SECONDS);
        return Double.parseDouble(out.isEmpty() || out.equals("N/A") ? "0" : out);
    }
}
