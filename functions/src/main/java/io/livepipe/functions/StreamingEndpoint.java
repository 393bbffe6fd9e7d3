package io.livepipe.functions;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatusType;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import io.livepipe.platform.ServiceGraph;
import io.livepipe.streaming.StreamingResponse;
import io.livepipe.streaming.StreamingService;
import java.util.Optional;

/**
 * The streaming endpoint, {@code /api/streaming/{locator}/...} (and at the site root on the
 * local host and behind the CDN): HLS and DASH manifests and segments of published assets.
 * Anonymous: the locator id is the capability; protection adds tokens.
 */
public final class StreamingEndpoint {
    private final StreamingService streaming;

    public StreamingEndpoint() { this(FunctionsPlatform.services()); }

    public StreamingEndpoint(ServiceGraph services) { this.streaming = services.streaming(); }

    @FunctionName("StreamingEndpoint")
    public HttpResponseMessage run(
            @HttpTrigger(name = "req", methods = {HttpMethod.GET, HttpMethod.HEAD}, route = "streaming/{*path}",
                    authLevel = AuthorizationLevel.ANONYMOUS, dataType = "binary") HttpRequestMessage<Optional<byte[]>> req,
            @BindingName("path") String path, ExecutionContext context) {
        String range = req.getHeaders().get("range");
        StreamingResponse r = streaming.handle(path == null ? "" : path, req.getQueryParameters(), range);
        HttpResponseMessage.Builder b = req.createResponseBuilder(HttpStatusType.custom(r.status()));
        r.headers().forEach(b::header);
        return b.body(r.wholeBody()).build();
    }
}
