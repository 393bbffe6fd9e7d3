package io.livepipe.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livepipe.channel.ChannelRequest;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonInputTest {
    @Test
    void parsesAKnownShape() {
        ChannelRequest r = JsonInput.parse("{\"name\":\"a\",\"ingestAllowList\":[\"10.0.0.0/8\"],\"autoRecord\":true}", ChannelRequest.class);
        assertEquals("a", r.name());
        assertEquals(List.of("10.0.0.0/8"), r.ingestAllowList());
        assertTrue(r.autoRecord());
    }

    @Test
    void refusesHostileOrMalformedBodiesWithAReasonThatDoesNotEchoTheInput() {
        String deep = "[".repeat(100) + "]".repeat(100);
        String longString = "{\"name\":\"" + "s".repeat(20_000) + "\"}";
        String big = "{\"description\":\"" + "x".repeat(70_000) + "\"}";
        for (String bad : List.of("", "   ", "null", "{", "{\"name\":\"secret-token-abc\"", "{\"nmae\":\"a\"}", "[1]",
                "{\"autoRecord\":\"secret-token-abc\"}", deep, longString, big, "{\"name\":\"a\"} trailing",
                "{\"ingestAllowList\":{\"a\":1}}", "\u0000")) {
            MalformedJsonException e = assertThrows(MalformedJsonException.class, () -> JsonInput.parse(bad, ChannelRequest.class),
                    bad.length() > 40 ? bad.substring(0, 40) : bad);
            assertFalse(e.getMessage().contains("secret-token"), e.getMessage());
            assertFalse(e.getMessage().isBlank());
        }
    }

    @Test
    void namesTheUnknownField() {
        MalformedJsonException e = assertThrows(MalformedJsonException.class, () -> JsonInput.parse("{\"nmae\":\"a\"}", ChannelRequest.class));
        assertEquals("unknown field \"nmae\"", e.getMessage());
    }
}
