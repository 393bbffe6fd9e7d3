package io.livepipe.functions;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatus;
import com.microsoft.azure.functions.HttpStatusType;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import io.livepipe.channel.Channel;
import io.livepipe.channel.ChannelService;
import io.livepipe.platform.ServiceGraph;
import io.livepipe.streaming.PreviewTokens;
import io.livepipe.streaming.StreamingResponse;
import io.livepipe.streaming.StreamingService;
import java.util.Map;
import java.util.Optional;

/**
 * A running channel's preview: {@code GET /api/channels/{name}/preview} (function key) hands out
 * a URL valid for an hour; {@code /preview/{name}/{token}/...} serves the last two minutes of
 * the channel's current run as HLS and DASH, whether or not a program records it.
 */
public final class Preview {
    private final ServiceGraph services;
    private final ChannelService channels;
    private final StreamingService streaming;
    private final PreviewTokens tokens;

    public Preview() { this(FunctionsPlatform.services()); }

    public Preview(ServiceGraph services) {
        this.services = services;
        this.channels = services.channels();
        this.streaming = services.streaming();
        this.tokens = services.previewTokens();
    }

    @FunctionName("ChannelsPreview")
    public HttpResponseMessage url(
            @HttpTrigger(name = "req", methods = {HttpMethod.GET}, route = "channels/{name}/preview",
                    authLevel = AuthorizationLevel.FUNCTION) HttpRequestMessage<Optional<String>> req,
            @BindingName("name") String name, ExecutionContext context) {
        return Responses.handle(req, () -> {
            Channel c = channels.get(name);
            String token = tokens.issue(c.name());
            String base = services.publicBaseUrl() + "/api/preview/" + c.name() + "/" + token;
            return Responses.json(req, HttpStatus.OK, Map.of("hls", base + "/master.m3u8", "dash", base + "/manifest.mpd",
                    "expires", tokens.expiry(token).toString()));
        });
    }

    @FunctionName("Preview")
    public HttpResponseMessage serve(
            @HttpTrigger(name = "req", methods = {HttpMethod.GET, HttpMethod.HEAD}, route = "preview/{name}/{token}/{*path}",
                    authLevel = AuthorizationLevel.ANONYMOUS, dataType = "binary") HttpRequestMessage<Optional<byte[]>> req,
            @BindingName("name") String name, @BindingName("token") String token, @BindingName("path") String path,
            ExecutionContext context) {
        if (!tokens.valid(name, token)) return Responses.problem(req, HttpStatus.FORBIDDEN, "invalid or expired preview token");
        Optional<Channel> c = channels.findByName(name);
        if (c.isEmpty()) return Responses.problem(req, HttpStatus.NOT_FOUND, "no channel " + name);
        StreamingResponse r = streaming.preview(c.get(), path == null ? "" : path, req.getQueryParameters(), req.getHeaders().get("range"));
        HttpResponseMessage.Builder b = req.createResponseBuilder(HttpStatusType.custom(r.status()));
        r.headers().forEach(b::header);
        b.header("Cache-Control", "private, no-store");
        return b.body(r.body()).build();
    }
}
