package io.livepipe.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpResponseMessage;
import io.livepipe.platform.ServiceGraph;
import io.livepipe.protection.ProtectionFixture;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The functions' one edge (Responses.handle): each service's refusal as the same problem document. */
class RefusalAnswersTest {
    @TempDir
    Path root;
    ServiceGraph graph;

    @BeforeEach
    void setUp() { graph = new ServiceGraph(new ProtectionFixture(root, Clock.systemUTC()).platform); }

    static FakeHttp.Response call(HttpResponseMessage m) { return (FakeHttp.Response) m; }

    static void assertProblem(int status, String title, String detail, FakeHttp.Response r) {
        assertEquals(status, r.getStatusCode());
        assertEquals("application/problem+json", r.getHeader("Content-Type"));
        assertEquals("no-store", r.getHeader("Cache-Control"));
        assertEquals("{\"status\":" + status + ",\"title\":\"" + title + "\",\"detail\":\"" + detail + "\"}", r.body());
    }

    @Test
    void aChannelRefusalIsItsStatusAndDetail() {
        Channels fn = new Channels(graph);
        assertProblem(404, "NOT_FOUND", "no channel nosuch", call(fn.get(FakeHttp.request(HttpMethod.GET, null), "nosuch", FakeHttp.context())));
        assertProblem(400, "BAD_REQUEST", "name is required", call(fn.create(FakeHttp.request(HttpMethod.POST, "{}"), FakeHttp.context())));
        assertProblem(400, "BAD_REQUEST", "a JSON body is required", call(fn.create(FakeHttp.request(HttpMethod.POST, null), FakeHttp.context())));
    }

    @Test
    void programAndLocatorRefusalsAreAnsweredAlike() {
        FakeHttp.Response program = call(new Programs(graph).get(FakeHttp.request(HttpMethod.GET, null), "nosuch", "p1", FakeHttp.context()));
        assertEquals(404, program.getStatusCode());
        assertEquals("application/problem+json", program.getHeader("Content-Type"));
        Locators locators = new Locators(graph);
        FakeHttp.Response missing = call(locators.get(FakeHttp.request(HttpMethod.GET, null), "ffffffffffffffffffffffffffffffff", FakeHttp.context()));
        assertEquals(404, missing.getStatusCode());
        assertEquals("no-store", missing.getHeader("Cache-Control"));
        assertProblem(400, "BAD_REQUEST", "unknown field \\\"typo\\\"", call(locators.create(
                FakeHttp.request(HttpMethod.POST, "{\"typo\":1}"), FakeHttp.context())));
    }
}
