package io.livepipe.channel;

import io.livepipe.http.Refusal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livepipe.events.EventFactory;
import io.livepipe.events.EventGridEvent;
import io.livepipe.events.EventPublisher;
import io.livepipe.storage.BlobProperties;
import io.livepipe.storage.FileBlobStore;
import io.livepipe.storage.JsonDocuments;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChannelServiceTest {
    @TempDir
    Path root;
    final List<EventGridEvent> events = new CopyOnWriteArrayList<>();
    FileBlobStore state;
    ChannelService channels;

    @BeforeEach
    void setUp() {
        state = new FileBlobStore(root, "state", EventPublisher.none(), Clock.systemUTC());
        channels = new ChannelService(new JsonDocuments(state), events::addAll, new EventFactory("/t", Clock.systemUTC()),
                Clock.systemUTC(), new SecureRandom(), (n, k) -> IngestEndpoints.of("h", 1935, 7071, n, k));
    }

    static ChannelSpec spec() { return new ChannelSpec(null, null, null, null, null, null, null, null); }

    List<String> transitions() {
        return events.stream().map(e -> e.data().get("previousState").asText() + ">" + e.data().get("state").asText()).toList();
    }

    @Test
    void createGivesTheKeyOnceAndStoresOnlyItsDigest() {
        CreatedChannel c = channels.create("news", spec());
        assertEquals("rtmp://h:1935/live/" + c.streamKey(), c.endpoints().rtmp());
        assertEquals(ChannelState.STOPPED, c.channel().state());
        for (BlobProperties p : state.list("")) {
            String body = new String(state.get(p.path()).orElseThrow().data(), StandardCharsets.UTF_8);
            assertFalse(body.contains(c.streamKey()), p.path() + " holds the stream key in plaintext");
        }
        assertEquals("news", channels.findByStreamKey(c.streamKey()).orElseThrow().name());
        assertTrue(channels.findByStreamKey("wrong").isEmpty());
        assertTrue(channels.findByStreamKey("x".repeat(5000)).isEmpty());
        assertFalse(c.toString().contains(c.streamKey()));
    }

    @Test
    void namesAreUniqueAndValidated() {
        channels.create("news", spec());
        assertEquals(Refusal.Reason.CONFLICT, assertThrows(Refusal.class, () -> channels.create("news", spec())).reason());
        assertEquals(Refusal.Reason.BAD_REQUEST, assertThrows(Refusal.class, () -> channels.create("-bad", spec())).reason());
        assertEquals(Refusal.Reason.NOT_FOUND, assertThrows(Refusal.class, () -> channels.get("none")).reason());
    }

    @Test
    void lifecycleGoesThroughEveryStateAndPublishesEachChange() {
        channels.create("news", spec());
        Channel running = channels.start("news");
        assertEquals(ChannelState.RUNNING, running.state());
        assertTrue(running.runId() != null);
        Channel reset = channels.reset("news");
        assertNotEquals(running.runId(), reset.runId(), "a reset starts a new run");
        assertEquals(ChannelState.STOPPED, channels.stop("news").state());
        assertEquals(List.of("Stopped>Stopped", "Stopped>Starting", "Starting>Running", "Running>Stopping", "Stopping>Stopped",
                "Stopped>Starting", "Starting>Running", "Running>Stopping", "Stopping>Stopped"), transitions());
        assertTrue(events.stream().allMatch(e -> e.eventType().equals("Livepipe.ChannelStateChanged")
                && e.subject().equals("liveEvent/news")));
    }

    @Test
    void startingARunningChannelOrDeletingItIsAConflict() {
        channels.create("news", spec());
        channels.start("news");
        assertEquals(Refusal.Reason.CONFLICT, assertThrows(Refusal.class, () -> channels.start("news")).reason());
        assertEquals(Refusal.Reason.CONFLICT, assertThrows(Refusal.class, () -> channels.delete("news")).reason());
        channels.stop("news");
        channels.delete("news");
        assertTrue(channels.list().isEmpty());
        assertTrue(state.list("streamkeys/").isEmpty(), "the key index goes with the channel");
    }

    @Test
    void encodingChangesOnlyWhileStoppedOtherSettingsAnyTime() {
        channels.create("news", spec());
        channels.start("news");
        ChannelSpec encode = new ChannelSpec(null, ChannelMode.ENCODE, null, null, null, null, null, null);
        assertEquals(Refusal.Reason.CONFLICT, assertThrows(Refusal.class, () -> channels.update("news", encode)).reason());
        Channel c = channels.update("news", new ChannelSpec("evening", null, null, null, List.of("10.0.0.0/8"), null, true, Duration.ofSeconds(30)));
        assertEquals("evening", c.description());
        assertEquals(List.of("10.0.0.0/8"), c.ingestAllowList().ranges());
        assertTrue(c.autoRecord());
        channels.stop("news");
        Channel e = channels.update("news", encode);
        assertEquals(ChannelMode.ENCODE, e.mode());
        assertEquals("Default720p", e.ladderPreset());
    }

    @Test
    void rotatingTheKeyRetiresTheOldOne() {
        CreatedChannel c = channels.create("news", spec());
        CreatedChannel r = channels.rotateKey("news");
        assertNotEquals(c.streamKey(), r.streamKey());
        assertTrue(channels.findByStreamKey(c.streamKey()).isEmpty());
        assertEquals("news", channels.findByStreamKey(r.streamKey()).orElseThrow().name());
        assertEquals(1, state.list("streamkeys/").size());
    }

    @Test
    void listShowsEveryChannelAndNotTheirSubDocuments() {
        channels.create("a", spec());
        channels.create("b", spec());
        new JsonDocuments(state).put(ChannelObserver.path("a"), ChannelObservation.empty());
        assertEquals(List.of("a", "b"), channels.list().stream().map(Channel::name).toList());
        assertNull(channels.get("a").runId());
    }
}
