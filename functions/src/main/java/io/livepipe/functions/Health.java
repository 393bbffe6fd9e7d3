package io.livepipe.functions;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatus;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import io.livepipe.platform.Platform;
import io.livepipe.platform.ServiceGraph;
import java.util.Optional;

/** {@code GET /api/health}: liveness, with the storage and event backends in use. */
public final class Health {
    private final Platform platform;

    public Health() { this(FunctionsPlatform.services()); }

    public Health(ServiceGraph services) { this.platform = services.platform(); }

    @FunctionName("Health")
    public HttpResponseMessage run(
            @HttpTrigger(name = "req", methods = {HttpMethod.GET}, route = "health",
                    authLevel = AuthorizationLevel.ANONYMOUS) HttpRequestMessage<Optional<String>> req,
            ExecutionContext context) {
        return Responses.json(req, HttpStatus.OK, platform.health());
    }
}
