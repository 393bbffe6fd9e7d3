package io.livepipe.functions;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatus;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import io.livepipe.channel.Channel;
import io.livepipe.channel.ChannelObserver;
import io.livepipe.channel.ChannelRequest;
import io.livepipe.channel.ChannelService;
import io.livepipe.channel.ChannelView;
import io.livepipe.http.Refusal;
import io.livepipe.json.JsonInput;
import io.livepipe.platform.ServiceGraph;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The channel management routes, {@code /api/channels/...}, function-key protected: create,
 * list, get, update, delete (stopped only), and the actions start, stop, reset, rotatekey.
 */
public final class Channels {
    private final ServiceGraph services;
    private final ChannelService channels;
    private final ChannelObserver observer;

    public Channels() { this(FunctionsPlatform.services()); }

    public Channels(ServiceGraph services) {
        this.services = services;
        this.channels = services.channels();
        this.observer = services.channelObserver();
    }

    @FunctionName("ChannelsCreate")
    public HttpResponseMessage create(
            @HttpTrigger(name = "req", methods = {HttpMethod.POST}, route = "channels",
                    authLevel = AuthorizationLevel.FUNCTION) HttpRequestMessage<Optional<String>> req,
            ExecutionContext context) {
        return Responses.handle(req, () -> {
            ChannelRequest body = JsonInput.parse(req.getBody().orElse(null), ChannelRequest.class);
            if (body.name() == null) throw Refusal.badRequest("name is required");
            return Responses.json(req, HttpStatus.CREATED, ChannelView.created(channels.create(body.name(), body.toSpec())));
        });
    }

    @FunctionName("ChannelsList")
    public HttpResponseMessage list(
            @HttpTrigger(name = "req", methods = {HttpMethod.GET}, route = "channels",
                    authLevel = AuthorizationLevel.FUNCTION) HttpRequestMessage<Optional<String>> req,
            ExecutionContext context) {
        return Responses.handle(req, () -> Responses.json(req, HttpStatus.OK,
                Map.of("value", channels.list().stream().map(this::view).toList())));
    }

    @FunctionName("ChannelsGet")
    public HttpResponseMessage get(
            @HttpTrigger(name = "req", methods = {HttpMethod.GET}, route = "channels/{name}",
                    authLevel = AuthorizationLevel.FUNCTION) HttpRequestMessage<Optional<String>> req,
            @BindingName("name") String name, ExecutionContext context) {
        return Responses.handle(req, () -> Responses.json(req, HttpStatus.OK, view(channels.get(name))));
    }

    @FunctionName("ChannelsUpdate")
    public HttpResponseMessage update(
            @HttpTrigger(name = "req", methods = {HttpMethod.PATCH}, route = "channels/{name}",
                    authLevel = AuthorizationLevel.FUNCTION) HttpRequestMessage<Optional<String>> req,
            @BindingName("name") String name, ExecutionContext context) {
        return Responses.handle(req, () -> {
            ChannelRequest body = JsonInput.parse(req.getBody().orElse(null), ChannelRequest.class);
            if (body.name() != null && !body.name().equals(name)) throw Refusal.badRequest("a channel cannot be renamed");
            return Responses.json(req, HttpStatus.OK, view(channels.update(name, body.toSpec())));
        });
    }

    @FunctionName("ChannelsDelete")
    public HttpResponseMessage delete(
            @HttpTrigger(name = "req", methods = {HttpMethod.DELETE}, route = "channels/{name}",
                    authLevel = AuthorizationLevel.FUNCTION) HttpRequestMessage<Optional<String>> req,
            @BindingName("name") String name, ExecutionContext context) {
        return Responses.handle(req, () -> {
            channels.delete(name);
            return req.createResponseBuilder(HttpStatus.NO_CONTENT).build();
        });
    }

    @FunctionName("ChannelsAction")
    public HttpResponseMessage action(
            @HttpTrigger(name = "req", methods = {HttpMethod.POST}, route = "channels/{name}/{action}",
                    authLevel = AuthorizationLevel.FUNCTION) HttpRequestMessage<Optional<String>> req,
            @BindingName("name") String name, @BindingName("action") String action, ExecutionContext context) {
        return Responses.handle(req, () -> switch (action) {
            case "start" -> Responses.json(req, HttpStatus.OK, view(channels.start(name)));
            case "stop" -> Responses.json(req, HttpStatus.OK, view(channels.stop(name)));
            case "reset" -> Responses.json(req, HttpStatus.OK, view(channels.reset(name)));
            case "rotatekey" -> Responses.json(req, HttpStatus.OK, ChannelView.created(channels.rotateKey(name)));
            default -> Responses.problem(req, HttpStatus.NOT_FOUND, "unknown action " + action
                    + "; one of " + List.of("start", "stop", "reset", "rotatekey"));
        });
    }

    @FunctionName("ChannelsEvents")
    public HttpResponseMessage events(
            @HttpTrigger(name = "req", methods = {HttpMethod.GET}, route = "channels/{name}/events",
                    authLevel = AuthorizationLevel.FUNCTION) HttpRequestMessage<Optional<String>> req,
            @BindingName("name") String name, ExecutionContext context) {
        return Responses.handle(req, () -> {
            channels.get(name);
            return Responses.json(req, HttpStatus.OK, observer.observation(name));
        });
    }

    private ChannelView view(Channel c) { return ChannelView.of(c, services.endpointsWithoutKey(c.name())); }

}
