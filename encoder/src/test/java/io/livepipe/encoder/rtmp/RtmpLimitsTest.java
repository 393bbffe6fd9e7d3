package io.livepipe.encoder.rtmp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.livepipe.config.Setting;
import io.livepipe.config.Settings;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What an operator sets reaches the RTMP limits; what makes no sense is refused with its name. */
class RtmpLimitsTest {
    @Test
    void theSettingsDefaultsAreTheDefaultLimits() {
        assertEquals(RtmpLimits.defaults(), RtmpLimits.from(Settings.defaults()));
    }

    @Test
    void operatorSettingsReachTheLimits() {
        RtmpLimits l = RtmpLimits.from(Settings.from(Map.of(
                Setting.LIVEPIPE_RTMP_MAX_CONNECTIONS.name(), "40",
                Setting.LIVEPIPE_RTMP_MAX_CONNECTIONS_PER_ADDRESS.name(), "40",
                Setting.LIVEPIPE_RTMP_MAX_BUFFERED_BYTES.name(), "33554432",
                Setting.LIVEPIPE_RTMP_MAX_BUFFERED_BYTES_TOTAL.name(), "1073741824",
                Setting.LIVEPIPE_RTMP_MESSAGE_TIMEOUT.name(), "PT20S")));
        assertEquals(40, l.maxConnections());
        assertEquals(40, l.maxConnectionsPerAddress());
        assertEquals(32L << 20, l.bufferBudget(true));
        assertEquals(RtmpLimits.DEFAULT_MAX_BUFFERED_BEFORE_PUBLISH, l.bufferBudget(false), "not an operator's knob");
        assertEquals(1L << 30, l.maxBufferedBytesTotal());
        assertEquals(Duration.ofSeconds(20), l.messageTimeout());
    }

    @Test
    void senselessSettingsAreRefusedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RtmpLimits.from(Settings.from(Map.of(
                Setting.LIVEPIPE_RTMP_MESSAGE_TIMEOUT.name(), "10"))));
        assertEquals("setting LIVEPIPE_RTMP_MESSAGE_TIMEOUT is not an ISO 8601 duration: 10", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> RtmpLimits.from(Settings.from(Map.of(
                Setting.LIVEPIPE_RTMP_MAX_BUFFERED_BYTES.name(), "16M"))));
        assertEquals("setting LIVEPIPE_RTMP_MAX_BUFFERED_BYTES is not a number: 16M", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> RtmpLimits.from(Settings.from(Map.of(
                Setting.LIVEPIPE_RTMP_MAX_BUFFERED_BYTES_TOTAL.name(), "1048576"))));
        assertEquals("maxBufferedBytesTotal 1048576 is below maxBufferedBytes 16777216", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> RtmpLimits.from(Settings.from(Map.of(
                Setting.LIVEPIPE_RTMP_MAX_CONNECTIONS.name(), "0"))));
        assertEquals("maxConnections must be positive: 0", e.getMessage());
    }
}
