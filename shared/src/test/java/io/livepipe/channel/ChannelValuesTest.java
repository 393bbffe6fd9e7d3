package io.livepipe.channel;

import io.livepipe.http.Refusal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChannelValuesTest {

    @Test
    void namesAreLettersDigitsAndInnerHyphensUpTo32() {
        assertTrue(ChannelName.isValid("a"));
        assertTrue(ChannelName.isValid("news-24-hd"));
        assertTrue(ChannelName.isValid("x".repeat(32)));
        for (String bad : new String[] {"", "-a", "a-", "a_b", "a b", "x".repeat(33), "../a", "é", null}) {
            assertFalse(ChannelName.isValid(bad), String.valueOf(bad));
        }
    }

    @Test
    void cidrRangesMatchIpv4Ipv6AndMappedAddresses() throws Exception {
        Cidr net = Cidr.parse("203.0.113.0/24");
        assertTrue(net.contains(InetAddress.getByName("203.0.113.77")));
        assertFalse(net.contains(InetAddress.getByName("203.0.114.1")));
        assertTrue(net.contains(InetAddress.getByName("::ffff:203.0.113.9")));
        assertTrue(Cidr.parse("2001:db8::/32").contains(InetAddress.getByName("2001:db8:1::5")));
        assertFalse(Cidr.parse("2001:db8::/32").contains(InetAddress.getByName("203.0.113.1")));
        assertTrue(Cidr.parse("127.0.0.1").contains(InetAddress.getByName("127.0.0.1")));
        assertEquals("10.0.0.0/8", Cidr.parse("10.1.2.3/8").toString());
    }

    @Test
    void cidrRefusesHostNamesAndBadPrefixesWithoutDnsLookups() {
        for (String bad : new String[] {"example.com", "10.0.0.0/33", "10.0.0.0/-1", "10.0.0.0/x", "::/129", "", "1"}) {
            Refusal e = assertThrows(Refusal.class, () -> Cidr.parse(bad), bad);
            assertEquals(Refusal.Reason.BAD_REQUEST, e.reason());
        }
    }

    @Test
    void emptyAllowListAllowsEveryone() throws Exception {
        assertTrue(IpAllowList.anyone().allows(InetAddress.getByName("198.51.100.1")));
        IpAllowList only = new IpAllowList(List.of("198.51.100.0/28", "2001:db8::1"));
        assertTrue(only.allows(InetAddress.getByName("198.51.100.15")));
        assertFalse(only.allows(InetAddress.getByName("198.51.100.16")));
        assertTrue(only.allows(InetAddress.getByName("2001:db8::1")));
    }

    @Test
    void streamKeysCarryAtLeast128BitsAndOnlyTheirDigestIsKept() {
        SecureRandom r = new SecureRandom();
        String a = StreamKey.generate(r);
        String b = StreamKey.generate(r);
        assertNotEquals(a, b);
        assertTrue(a.length() * 6 >= 128, "base64url characters carry 6 bits each");
        assertTrue(a.matches("[A-Za-z0-9_-]+"));
        assertEquals(64, StreamKey.digest(a).length());
        assertNotEquals(a, StreamKey.digest(a));
    }

    @Test
    void keyFrameIntervalMustLieBetweenHalfASecondAnd20Seconds() {
        Instant t = Instant.EPOCH;
        for (Duration bad : new Duration[] {Duration.ofMillis(499), Duration.ofMillis(20_001)}) {
            assertThrows(Refusal.class, () -> new Channel("c", "", ChannelMode.PASSTHROUGH, null, bad,
                    null, null, false, null, ChannelState.STOPPED, "d", null, t, t, null));
        }
        Channel c = new Channel("c", null, ChannelMode.ENCODE, null, null, null, null, false, null,
                ChannelState.STOPPED, "d", null, t, t, null);
        assertEquals(Duration.ofSeconds(2), c.keyFrameInterval());
        assertEquals(LadderPresets.DEFAULT_720P, c.ladderPreset());
        assertThrows(Refusal.class, () -> new Channel("c", null, ChannelMode.ENCODE, "Default4k", null,
                null, null, false, null, ChannelState.STOPPED, "d", null, t, t, null));
    }

    @Test
    void lifecycleMovesOnlyAlongStoppedStartingRunningStopping() {
        assertTrue(ChannelState.STOPPED.canMoveTo(ChannelState.STARTING));
        assertTrue(ChannelState.STARTING.canMoveTo(ChannelState.RUNNING));
        assertTrue(ChannelState.RUNNING.canMoveTo(ChannelState.STOPPING));
        assertTrue(ChannelState.STOPPING.canMoveTo(ChannelState.STOPPED));
        assertFalse(ChannelState.STOPPED.canMoveTo(ChannelState.RUNNING));
        assertFalse(ChannelState.RUNNING.canMoveTo(ChannelState.STARTING));
        assertEquals("Running", ChannelState.RUNNING.apiName());
    }

    @Test
    void customLaddersAreBoundedAndOnlyForEncoding() {
        Instant t = Instant.EPOCH;
        List<Ladder.Rung> two = List.of(new Ladder.Rung(1280, 720, 3_000_000), new Ladder.Rung(640, 360, 800_000));
        Channel c = new Channel("c", null, ChannelMode.ENCODE, null, null, null, null, false, null, ChannelState.STOPPED, "d", null, t, t, two);
        assertEquals(two, c.ladder().rungs());
        assertEquals("video_800000", c.ladder().rungs().get(1).rendition());
        for (List<Ladder.Rung> bad : List.of(List.of(new Ladder.Rung(3840, 2160, 9_000_000)), List.of(new Ladder.Rung(641, 360, 800_000)),
                List.of(new Ladder.Rung(640, 360, 10)), List.of(new Ladder.Rung(640, 360, 800_000), new Ladder.Rung(320, 180, 800_000)))) {
            assertThrows(Refusal.class, () -> new Channel("c", null, ChannelMode.ENCODE, null, null, null, null, false, null,
                    ChannelState.STOPPED, "d", null, t, t, bad));
        }
        assertThrows(Refusal.class, () -> new Channel("c", null, ChannelMode.PASSTHROUGH, null, null, null, null, false, null,
                ChannelState.STOPPED, "d", null, t, t, two));
        assertEquals(Ladder.DEFAULT_720P.rungs(), new Channel("c", null, ChannelMode.ENCODE, null, null, null, null, false, null,
                ChannelState.STOPPED, "d", null, t, t, null).ladder().rungs());
    }

    @Test
    void laddersNeverUpscale() {
        assertEquals(List.of(512, 384, 340), Ladder.DEFAULT_720P.forInput(640, 360).rungs().stream().map(Ladder.Rung::width).toList());
        assertEquals(List.of(new Ladder.Rung(320, 180, 200_000)), Ladder.DEFAULT_720P.forInput(320, 180).rungs());
        assertEquals(6, Ladder.DEFAULT_1080P.forInput(1920, 1080).rungs().size());
    }
}
