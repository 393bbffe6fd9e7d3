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
import io.livepipe.platform.ServiceGraph;
import io.livepipe.protection.LicenseService;
import java.util.Optional;

/**
 * License delivery (anonymous; the token in {@code Authorization: Bearer} or {@code ?token=}):
 * {@code POST /api/license/clearkey/{locator}} answers a W3C ClearKey request itself;
 * {@code POST /api/license/{widevine|playready|fairplay}/{locator}} checks the token and forwards
 * the challenge to the configured license server.
 */
public final class Licenses {
    private final LicenseService licenses;

    public Licenses() { this(FunctionsPlatform.services()); }

    public Licenses(ServiceGraph services) { this.licenses = services.licenses(); }

    @FunctionName("ClearKeyLicense")
    public HttpResponseMessage clearKey(
            @HttpTrigger(name = "req", methods = {HttpMethod.POST}, route = "license/clearkey/{locator}",
                    authLevel = AuthorizationLevel.ANONYMOUS) HttpRequestMessage<Optional<String>> req,
            @BindingName("locator") String locator, ExecutionContext context) {
        return Responses.handle(req, () -> req.createResponseBuilder(HttpStatus.OK)
                .header("Content-Type", "application/json")
                .header("Cache-Control", "no-store")
                .body(Responses.toJson(licenses.clearKey(locator, req.getBody().orElse(null), PresentedToken.from(req)))).build());
    }

    @FunctionName("LicenseProxy")
    public HttpResponseMessage proxy(
            @HttpTrigger(name = "req", methods = {HttpMethod.POST}, route = "license/{system}/{locator}",
                    authLevel = AuthorizationLevel.ANONYMOUS, dataType = "binary") HttpRequestMessage<Optional<byte[]>> req,
            @BindingName("system") String system, @BindingName("locator") String locator, ExecutionContext context) {
        return Responses.handle(req, () -> {
            LicenseService.UpstreamAnswer a = licenses.forward(system, locator, PresentedToken.from(req), req.getBody().orElse(null),
                    req.getHeaders().get("content-type"));
            return req.createResponseBuilder(HttpStatusType.custom(a.status()))
                    .header("Content-Type", a.contentType())
                    .header("Cache-Control", "no-store")
                    .body(a.body()).build();
        });
    }
}
