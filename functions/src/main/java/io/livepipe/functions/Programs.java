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
import io.livepipe.archive.ArchiveService;
import io.livepipe.archive.ProgramRequest;
import io.livepipe.json.JsonInput;
import io.livepipe.platform.ServiceGraph;
import java.util.Map;
import java.util.Optional;

/**
 * Programs of a channel (the retired service's live outputs), {@code /api/channels/{name}/programs}:
 * create (starts recording into a new asset), list, get, stop (seals the asset as VOD), delete.
 */
public final class Programs {
    private final ArchiveService archive;

    public Programs() { this(FunctionsPlatform.services()); }

    public Programs(ServiceGraph services) { this.archive = services.archive(); }

    @FunctionName("ProgramsCreate")
    public HttpResponseMessage create(
            @HttpTrigger(name = "req", methods = {HttpMethod.POST}, route = "channels/{name}/programs",
                    authLevel = AuthorizationLevel.FUNCTION) HttpRequestMessage<Optional<String>> req,
            @BindingName("name") String channel, ExecutionContext context) {
        return Responses.handle(req, () -> {
            ProgramRequest body = JsonInput.parse(req.getBody().orElse(null), ProgramRequest.class);
            return Responses.json(req, HttpStatus.CREATED, archive.start(channel, body.name(), body.assetName(), body.window()));
        });
    }

    @FunctionName("ProgramsList")
    public HttpResponseMessage list(
            @HttpTrigger(name = "req", methods = {HttpMethod.GET}, route = "channels/{name}/programs",
                    authLevel = AuthorizationLevel.FUNCTION) HttpRequestMessage<Optional<String>> req,
            @BindingName("name") String channel, ExecutionContext context) {
        return Responses.handle(req, () -> Responses.json(req, HttpStatus.OK, Map.of("value", archive.programs(channel))));
    }

    @FunctionName("ProgramsGet")
    public HttpResponseMessage get(
            @HttpTrigger(name = "req", methods = {HttpMethod.GET}, route = "channels/{name}/programs/{program}",
                    authLevel = AuthorizationLevel.FUNCTION) HttpRequestMessage<Optional<String>> req,
            @BindingName("name") String channel, @BindingName("program") String program, ExecutionContext context) {
        return Responses.handle(req, () -> Responses.json(req, HttpStatus.OK, archive.program(channel, program)));
    }

    @FunctionName("ProgramsStop")
    public HttpResponseMessage stop(
            @HttpTrigger(name = "req", methods = {HttpMethod.POST}, route = "channels/{name}/programs/{program}/stop",
                    authLevel = AuthorizationLevel.FUNCTION) HttpRequestMessage<Optional<String>> req,
            @BindingName("name") String channel, @BindingName("program") String program, ExecutionContext context) {
        return Responses.handle(req, () -> Responses.json(req, HttpStatus.OK, archive.stop(channel, program)));
    }

    @FunctionName("ProgramsDelete")
    public HttpResponseMessage delete(
            @HttpTrigger(name = "req", methods = {HttpMethod.DELETE}, route = "channels/{name}/programs/{program}",
                    authLevel = AuthorizationLevel.FUNCTION) HttpRequestMessage<Optional<String>> req,
            @BindingName("name") String channel, @BindingName("program") String program, ExecutionContext context) {
        return Responses.handle(req, () -> {
            archive.deleteProgram(channel, program);
            return req.createResponseBuilder(HttpStatus.NO_CONTENT).build();
        });
    }

}
