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
import io.livepipe.protection.LicenseService;
import java.util.Optional;

/**
 * HLS AES-128 key delivery, {@code GET /api/keydelivery/{locator}/{kid}} (anonymous; the token
 * in {@code Authorization: Bearer} or {@code ?token=}): the key's 16 bytes, never cached.
 */
public final class KeyDelivery {
    private final LicenseService licenses;

    public KeyDelivery() { this(FunctionsPlatform.services()); }

    public KeyDelivery(ServiceGraph services) { this.licenses = services.licenses(); }

    @FunctionName("KeyDelivery")
    public HttpResponseMessage key(
            @HttpTrigger(name = "req", methods = {HttpMethod.GET}, route = "keydelivery/{locator}/{kid}",
                    authLevel = AuthorizationLevel.ANONYMOUS) HttpRequestMessage<Optional<String>> req,
            @BindingName("locator") String locator, @BindingName("kid") String kid, ExecutionContext context) {
        return Responses.handle(req, () -> req.createResponseBuilder(HttpStatus.OK)
                .header("Content-Type", "application/octet-stream")
                .header("Cache-Control", "no-store")
                .body(licenses.hlsKey(locator, kid, PresentedToken.from(req))).build());
    }
}
