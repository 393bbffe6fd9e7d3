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
import io.livepipe.json.JsonInput;
import io.livepipe.platform.ServiceGraph;
import io.livepipe.streaming.LocatorAnswer;
import io.livepipe.streaming.LocatorRequest;
import io.livepipe.streaming.LocatorService;
import java.util.Map;
import java.util.Optional;

/**
 * Streaming locators, {@code /api/locators}: publish an asset (create), list, get, unpublish
 * (delete). Create and get answer with the locator's streaming paths (HLS, DASH, the encryption
 * each uses) below {@code streamingEndpoint}.
 */
public final class Locators {
    private final LocatorService locators;
    private final String streamingEndpoint;

    public Locators() { this(FunctionsPlatform.services()); }

    public Locators(ServiceGraph services) {
        this.locators = services.locators();
        this.streamingEndpoint = services.publicBaseUrl();
    }

    @FunctionName("LocatorsCreate")
    public HttpResponseMessage create(
            @HttpTrigger(name = "req", methods = {HttpMethod.POST}, route = "locators",
                    authLevel = AuthorizationLevel.FUNCTION) HttpRequestMessage<Optional<String>> req,
            ExecutionContext context) {
        return Responses.handle(req, () -> Responses.json(req, HttpStatus.CREATED, LocatorAnswer.of(
                locators.create(JsonInput.parse(req.getBody().orElse(null), LocatorRequest.class)), streamingEndpoint)));
    }

    @FunctionName("LocatorsList")
    public HttpResponseMessage list(
            @HttpTrigger(name = "req", methods = {HttpMethod.GET}, route = "locators",
                    authLevel = AuthorizationLevel.FUNCTION) HttpRequestMessage<Optional<String>> req,
            ExecutionContext context) {
        return Responses.handle(req, () -> Responses.json(req, HttpStatus.OK, Map.of("value", locators.list())));
    }

    @FunctionName("LocatorsGet")
    public HttpResponseMessage get(
            @HttpTrigger(name = "req", methods = {HttpMethod.GET}, route = "locators/{id}",
                    authLevel = AuthorizationLevel.FUNCTION) HttpRequestMessage<Optional<String>> req,
            @BindingName("id") String id, ExecutionContext context) {
        return Responses.handle(req, () -> Responses.json(req, HttpStatus.OK, LocatorAnswer.of(locators.get(id), streamingEndpoint)));
    }

    @FunctionName("LocatorsDelete")
    public HttpResponseMessage delete(
            @HttpTrigger(name = "req", methods = {HttpMethod.DELETE}, route = "locators/{id}",
                    authLevel = AuthorizationLevel.FUNCTION) HttpRequestMessage<Optional<String>> req,
            @BindingName("id") String id, ExecutionContext context) {
        return Responses.handle(req, () -> {
            locators.delete(id);
            return req.createResponseBuilder(HttpStatus.NO_CONTENT).build();
        });
    }

}
