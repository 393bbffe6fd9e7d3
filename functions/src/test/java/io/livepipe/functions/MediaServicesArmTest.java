package io.livepipe.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import io.livepipe.config.Setting;
import io.livepipe.platform.Platform;
import io.livepipe.platform.ServiceGraph;
import io.livepipe.protection.ProtectionFixture;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ARM function called as the Functions host calls it in Azure, with a mocked request. */
class MediaServicesArmTest {
    static final String TOKEN = "arm-function-token-0123456789";
    static final String PATH = "subscriptions/s1/resourceGroups/rg/providers/Microsoft.Media/mediaservices/acct/liveEvents";
    @TempDir
    Path root;

    MediaServicesArm function() {
        Platform p = new ProtectionFixture(root, Clock.systemUTC()).platform;
        Platform withToken = new Platform(p.settings().with(Setting.LIVEPIPE_ARM_TOKEN, TOKEN), p.media(), p.state(), p.events(),
                "inprocess", p.clock());
        return new MediaServicesArm(new ServiceGraph(withToken));
    }

    static HttpRequestMessage<Optional<String>> request(HttpMethod method, String rest, String body, String authorization) {
        HttpRequestMessage<Optional<String>> req = FakeHttp.request(method, body,
                authorization == null ? Map.of("host", "app.azurewebsites.net") : Map.of("host", "app.azurewebsites.net", "authorization", authorization),
                Map.of("api-version", "2022-11-01"));
        when(req.getUri()).thenReturn(URI.create("https://app.azurewebsites.net/api/" + PATH + rest + "?api-version=2022-11-01"));
        return req;
    }

    @Test
    void answersArmCallsAndPointsOperationsBackAtTheAppsHost() throws Exception {
        MediaServicesArm fn = function();
        FakeHttp.Response created = (FakeHttp.Response) fn.run(request(HttpMethod.PUT, "/news",
                "{\"location\":\"westeurope\",\"properties\":{\"input\":{\"streamingProtocol\":\"RTMP\"}}}", "Bearer " + TOKEN),
                PATH.substring("subscriptions/".length()) + "/news", FakeHttp.context());
        assertEquals(201, created.getStatusCode(), created.body());
        assertEquals("Stopped", new ObjectMapper().readTree(created.body()).at("/properties/resourceState").asText());
        FakeHttp.Response started = (FakeHttp.Response) fn.run(request(HttpMethod.POST, "/news/start", null, "Bearer " + TOKEN),
                PATH.substring("subscriptions/".length()) + "/news/start", FakeHttp.context());
        assertEquals(202, started.getStatusCode());
        assertTrue(started.getHeader("Azure-AsyncOperation").startsWith("https://app.azurewebsites.net/api/subscriptions/s1/"),
                started.getHeader("Azure-AsyncOperation"));
    }

    @Test
    void refusesACallWithoutABearerTokenInArmsShape() throws Exception {
        FakeHttp.Response r = (FakeHttp.Response) function().run(request(HttpMethod.GET, "", null, null),
                PATH.substring("subscriptions/".length()), FakeHttp.context());
        assertEquals(401, r.getStatusCode());
        assertEquals("AuthenticationFailed", new ObjectMapper().readTree(r.body()).at("/error/code").asText());
    }
}
