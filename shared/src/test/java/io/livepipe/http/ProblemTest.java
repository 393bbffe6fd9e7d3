package io.livepipe.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livepipe.json.MalformedJsonException;
import io.livepipe.token.TokenRejectedException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/** One refusal, one answer (RFC 9457 problem details), every 5xx logged. */
class ProblemTest {
    @Test
    void eachReasonIsAnsweredWithItsStatusTitleAndDetailNeverCached() {
        for (Refusal.Reason r : Refusal.Reason.values()) {
            if (r.status() >= 500) continue;
            Problem p = Problem.of(new Refusal(r, "what was wrong"));
            assertEquals(r.status(), p.status());
            assertEquals("{\"status\":" + r.status() + ",\"title\":\"" + r.name() + "\",\"detail\":\"what was wrong\"}", p.bodyText());
            assertEquals(Map.of("Content-Type", "application/problem+json", "Cache-Control", "no-store"), p.headers());
        }
    }

    @Test
    void aStatusAsNumberNamesTheSameReasonAndAnUnnamedOneIsRefusedNotGuessed() {
        assertEquals(Refusal.Reason.NOT_FOUND, Refusal.of(404, "x").reason());
        assertEquals(Refusal.Reason.RANGE_NOT_SATISFIABLE, Refusal.Reason.of(416));
        assertThrows(IllegalArgumentException.class, () -> Refusal.Reason.of(418));
        assertEquals("{\"status\":408,\"detail\":\"slow\"}", Problem.of(408, "slow").bodyText());
    }

    @Test
    void detailIsJsonEscapedNotRewritten() {
        assertEquals("{\"status\":400,\"title\":\"BAD_REQUEST\",\"detail\":\"unknown field \\\"typo\\\" \\\\ here\"}",
                Problem.of(new MalformedJsonException("unknown field \"typo\" \\ here")).bodyText());
    }

    @Test
    void aRejectedTokenCarriesItsCodeAndTheBearerChallengeOfItsStatus() {
        Problem expired = Problem.of(new TokenRejectedException(TokenRejectedException.Reason.EXPIRED));
        assertEquals(401, expired.status());
        assertEquals("Bearer error=\"invalid_token\"", expired.headers().get("WWW-Authenticate"));
        assertEquals("{\"status\":401,\"title\":\"UNAUTHORIZED\",\"code\":\"expired\",\"detail\":\"the token has expired\"}", expired.bodyText());
        Problem scope = Problem.of(new TokenRejectedException(TokenRejectedException.Reason.WRONG_LOCATOR));
        assertEquals(403, scope.status());
        assertEquals("Bearer error=\"insufficient_scope\"", scope.headers().get("WWW-Authenticate"));
    }

    @Test
    void malformedRequestsAreCheapBadRequests() {
        MalformedRequestException e = new MalformedRequestException("empty request target");
        assertEquals(400, e.status());
        assertEquals(0, e.getStackTrace().length);
    }

    @Test
    void everyServerFaultIsLoggedWithItsCauseAndNoClientFaultIs() {
        List<LogRecord> seen = new ArrayList<>();
        Handler h = new Handler() {
            @Override public void publish(LogRecord r) { seen.add(r); }
            @Override public void flush() { }
            @Override public void close() { }
        };
        Logger log = Logger.getLogger(Problem.class.getName());
        log.addHandler(h);
        try {
            Problem.of(Refusal.notFound("no such locator"));
            Problem.of(Refusal.conflict("exists"));
            assertTrue(seen.isEmpty());
            IllegalStateException cause = new IllegalStateException("bad box at offset 12");
            Problem p = Problem.of(Refusal.internal("the stored segment cannot be protected").because(cause));
            assertEquals(500, p.status());
            assertFalse(p.bodyText().contains("offset 12"), "the cause is logged, never returned");
            assertEquals(1, seen.size());
            assertTrue(seen.get(0).getMessage().contains("status=500 reason=INTERNAL detail=the stored segment cannot be protected"));
            assertSame(cause, seen.get(0).getThrown().getCause());
        } finally {
            log.removeHandler(h);
        }
    }
}
