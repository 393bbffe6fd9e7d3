package io.livepipe.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SettingsDurationTest {
    private static final Setting S = Setting.LIVEPIPE_LL_PART_TARGET;

    private static Duration read(String v) {
        return Settings.defaults().with(S, v).getDuration(S, Duration.ofMillis(200), Duration.ofSeconds(2));
    }

    @Test
    void aDurationWithinItsBoundsIsReadAndTheBoundsAreInclusive() {
        assertEquals(Duration.ofMillis(500), read("PT0.5S"));
        assertEquals(Duration.ofMillis(200), read("PT0.2S"));
        assertEquals(Duration.ofSeconds(2), read("PT2S"));
    }

    @Test
    void anythingElseIsRefusedByTheSettingsName() {
        for (String bad : new String[] {"PT0.1S", "PT2.001S", "-PT1S", "0.5", "", "half a second"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> read(bad), bad);
            assertEquals("setting LIVEPIPE_LL_PART_TARGET must be an ISO 8601 duration of 0.2 to 2 seconds, not " + bad, e.getMessage());
        }
    }
}
