package io.livepipe.functions;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatus;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import java.util.Optional;
import io.livepipe.platform.ServiceGraph;

/**
 * {@code GET /api/.well-known/jwks.json} (anonymous): the public keys of every accepted platform
 * signing key (RFC 7517 §5), for players' backends and license servers that verify our tokens.
 * Symmetric keys are never listed. Cacheable for five minutes, so a rotation shows soon.
 */
public final class Jwks {
    private final String body;

    public Jwks() { this(FunctionsPlatform.services()); }

    public Jwks(ServiceGraph services) { this.body = Responses.toJson(services.signingKeys().publicJwks()); }

    @FunctionName("Jwks")
    public HttpResponseMessage jwks(
            @HttpTrigger(name = "req", methods = {HttpMethod.GET}, route = ".well-known/jwks.json",
                    authLevel = AuthorizationLevel.ANONYMOUS) HttpRequestMessage<Optional<String>> req,
            ExecutionContext context) {
        return req.createResponseBuilder(HttpStatus.OK)
                .header("Content-Type", "application/jwk-set+json")
                .header("Cache-Control", "public, max-age=300")
                .body(body).build();
    }
}
