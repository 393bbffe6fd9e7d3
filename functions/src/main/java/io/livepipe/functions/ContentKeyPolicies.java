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
import io.livepipe.protection.ContentKeyPolicyRequest;
import io.livepipe.protection.ContentKeyPolicyService;
import java.util.Map;
import java.util.Optional;

/** Content key policies, {@code /api/contentkeypolicies}: create, list, get, delete (function key). */
public final class ContentKeyPolicies {
    private final ContentKeyPolicyService policies;

    public ContentKeyPolicies() { this(FunctionsPlatform.services()); }

    public ContentKeyPolicies(ServiceGraph services) { this.policies = services.contentKeyPolicies(); }

    @FunctionName("ContentKeyPoliciesCreate")
    public HttpResponseMessage create(
            @HttpTrigger(name = "req", methods = {HttpMethod.POST}, route = "contentkeypolicies",
                    authLevel = AuthorizationLevel.FUNCTION) HttpRequestMessage<Optional<String>> req,
            ExecutionContext context) {
        return Responses.handle(req, () -> Responses.json(req, HttpStatus.CREATED,
                policies.create(JsonInput.parse(req.getBody().orElse(null), ContentKeyPolicyRequest.class))));
    }

    @FunctionName("ContentKeyPoliciesList")
    public HttpResponseMessage list(
            @HttpTrigger(name = "req", methods = {HttpMethod.GET}, route = "contentkeypolicies",
                    authLevel = AuthorizationLevel.FUNCTION) HttpRequestMessage<Optional<String>> req,
            ExecutionContext context) {
        return Responses.handle(req, () -> Responses.json(req, HttpStatus.OK, Map.of("value", policies.list())));
    }

    @FunctionName("ContentKeyPoliciesGet")
    public HttpResponseMessage get(
            @HttpTrigger(name = "req", methods = {HttpMethod.GET}, route = "contentkeypolicies/{name}",
                    authLevel = AuthorizationLevel.FUNCTION) HttpRequestMessage<Optional<String>> req,
            @BindingName("name") String name, ExecutionContext context) {
        return Responses.handle(req, () -> Responses.json(req, HttpStatus.OK, policies.get(name)));
    }

    @FunctionName("ContentKeyPoliciesDelete")
    public HttpResponseMessage delete(
            @HttpTrigger(name = "req", methods = {HttpMethod.DELETE}, route = "contentkeypolicies/{name}",
                    authLevel = AuthorizationLevel.FUNCTION) HttpRequestMessage<Optional<String>> req,
            @BindingName("name") String name, ExecutionContext context) {
        return Responses.handle(req, () -> {
            policies.delete(name);
            return req.createResponseBuilder(HttpStatus.NO_CONTENT).build();
        });
    }
}
