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
import io.livepipe.platform.ServiceGraph;
import io.livepipe.protection.cpix.CpixService;
import java.util.Optional;

/**
 * {@code GET|POST /api/assets/{name}/cpix} (function key): the CPIX 2.3 document of the asset's
 * content keys, encrypted for the recipient whose PEM certificate is the POST body. A GET, or a
 * POST without a certificate, is a 400: livepipe never hands out keys in the clear.
 */
public final class AssetsCpix {
    private final CpixService cpix;

    public AssetsCpix() { this(FunctionsPlatform.services()); }

    public AssetsCpix(ServiceGraph services) { this.cpix = services.cpix(); }

    @FunctionName("AssetsCpix")
    public HttpResponseMessage cpix(
            @HttpTrigger(name = "req", methods = {HttpMethod.GET, HttpMethod.POST}, route = "assets/{name}/cpix",
                    authLevel = AuthorizationLevel.FUNCTION) HttpRequestMessage<Optional<String>> req,
            @BindingName("name") String name, ExecutionContext context) {
        return Responses.handle(req, () -> req.createResponseBuilder(HttpStatus.OK)
                .header("Content-Type", "application/xml; charset=utf-8")
                .header("Cache-Control", "no-store")
                .body(cpix.document(name, req.getBody().orElse(null))).build());
    }
}
