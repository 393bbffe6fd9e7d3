package io.livepipe.encoder.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livepipe.events.EventPublisher;
import io.livepipe.storage.BlobStore;
import io.livepipe.storage.FileBlobStore;
import io.livepipe.storage.LeaseLostException;
import io.livepipe.storage.PutOptions;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two replicas' leases on one data folder (two stores, as two processes have): a channel has
 * one holder, writes are fenced by it, a broken lease is lost once and stops the writer, and
 * the deployment's timers have one runner.
 */
class ChannelLeasesTest {
    @TempDir
    Path root;

    ChannelLeases replica(String name) {
        BlobStore state = new FileBlobStore(root.resolve("state"), "state", EventPublisher.none(), Clock.systemUTC());
        return new ChannelLeases(state, name, Duration.ofSeconds(15), Clock.systemUTC());
    }

    @Test
    void aChannelHasOneHolderAcrossReplicasUntilItIsReleased() {
        ChannelLeases a = replica("a");
        ChannelLeases b = replica("b");
        ChannelLeases.Claim ca = a.claim("ch", "run1").orElseThrow();
        assertTrue(b.claim("ch", "run1").isEmpty(), "held by a");
        assertEquals(ca, a.claim("ch", "run1").orElseThrow(), "a reconnect to the holder keeps its claim");
        assertEquals("a", b.owner("ch").orElseThrow().replica());
        a.release(ca);
        assertTrue(b.claim("ch", "run1").isPresent(), "released: b takes it at once");
        assertTrue(b.lastOwnerIsHere("ch"));
        assertFalse(a.lastOwnerIsHere("ch"));
    }

    @Test
    void aReplicaBackUnderItsNameAfterACrashHoldsItsLeaseAtOnceAndOthersStillWait() {
        ChannelLeases before = replica("local");
        before.claim("ch", "run1").orElseThrow();
        // the process dies: nothing released, the lease runs on for its duration
        ChannelLeases after = replica("local");
        assertTrue(replica("other").claim("ch", "run1").isEmpty(), "another replica waits the lease out");
        assertTrue(after.claim("ch", "run1").isPresent(), "the same replica, restarted, holds it again at once");
        assertEquals("local", replica("other").owner("ch").orElseThrow().replica());
    }

    @Test
    void aBrokenLeaseIsLostOnceAndFencedWritesStop() {
        BlobStore media = new FileBlobStore(root.resolve("media"), "media", EventPublisher.none(), Clock.systemUTC());
        BlobStore operator = new FileBlobStore(root.resolve("state"), "state", EventPublisher.none(), Clock.systemUTC());
        ChannelLeases a = replica("a");
        List<String> lost = new CopyOnWriteArrayList<>();
        a.onLost((channel, run, reason) -> lost.add(channel + "/" + run + "/" + reason));
        a.claim("ch", "run1").orElseThrow();
        BlobStore fenced = a.fenced(media, "ch");
        fenced.put("channels/ch/runs/run1/video/1.m4s", new byte[10], PutOptions.of("video/mp4"));
        assertTrue(operator.breakLease(ChannelLeases.CHANNELS + "ch"));
        assertThrows(LeaseLostException.class,
                () -> fenced.put("channels/ch/runs/run1/video/2.m4s", new byte[10], PutOptions.of("video/mp4")));
        assertThrows(LeaseLostException.class,
                () -> fenced.put("channels/ch/runs/run1/video/3.m4s", new byte[10], PutOptions.of("video/mp4")));
        a.renewAll();
        assertEquals(List.of("ch/run1/lease_lost"), lost, "told once");
        assertEquals(1, media.list("channels/ch/").size(), "nothing written after the lease went");
        assertFalse(a.holds("ch"));
    }

    @Test
    void oneReplicaRunsTheDeploymentsTimersAndAnotherTakesOverWhenItStops() {
        ChannelLeases a = replica("a");
        ChannelLeases b = replica("b");
        a.renewAll();
        b.renewAll();
        assertTrue(a.runsGlobalTimers());
        assertFalse(b.runsGlobalTimers());
        a.close();
        b.renewAll();
        assertTrue(b.runsGlobalTimers());
    }
}
