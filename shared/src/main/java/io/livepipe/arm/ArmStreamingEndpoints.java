package io.livepipe.arm;

import static io.livepipe.arm.ArmJson.clip;
import static io.livepipe.arm.ArmJson.resource;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.livepipe.arm.ArmApi.Call;

/** The one streaming endpoint, {@code default}: livepipe's streaming route, always running. */
final class ArmStreamingEndpoints {
    static final String DEFAULT_ENDPOINT = "default";

    private final String streamingHostName;

    ArmStreamingEndpoints(String streamingHostName) { this.streamingHostName = streamingHostName; }

    static void endpointName(String name) {
        if (!name.equalsIgnoreCase(DEFAULT_ENDPOINT)) throw ArmRefusal.notFound("Microsoft.Media/mediaservices/streamingEndpoints", clip(name));
    }

    ObjectNode streamingEndpoint(Call c) {
        ObjectNode o = resource(c, "/streamingEndpoints/" + DEFAULT_ENDPOINT, DEFAULT_ENDPOINT, "Microsoft.Media/mediaservices/streamingEndpoints");
        o.put("location", "global");
        o.putObject("tags");
        ObjectNode p = o.putObject("properties");
        p.put("description", "livepipe's streaming route: dynamic packaging of every locator's asset");
        p.put("scaleUnits", 0);
        p.put("hostName", streamingHostName);
        p.putArray("customHostNames");
        p.put("cdnEnabled", false);
        p.put("provisioningState", "Succeeded");
        p.put("resourceState", "Running");
        p.put("created", "2018-07-01T00:00:00Z");
        p.put("lastModified", "2018-07-01T00:00:00Z");
        o.putObject("sku").put("name", "Standard").put("capacity", 600);
        return o;
    }
}
