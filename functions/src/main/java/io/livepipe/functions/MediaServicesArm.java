package io.livepipe.functions;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatusType;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import io.livepipe.arm.ArmApi;
import io.livepipe.arm.ArmRequest;
import io.livepipe.arm.ArmResponse;
import io.livepipe.platform.ServiceGraph;
import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * The Azure Media Services v3 management API in Azure Resource Manager's shape,
 * {@code /api/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.Media/mediaservices/{account}/...},
 * so that the AMS SDKs and raw ARM calls drive livepipe with only their endpoint and credential
 * changed. Anonymous at the host: the bearer token is checked by {@link ArmApi} (ARM's 401 shape).
 */
public final class MediaServicesArm {
    private final ArmApi arm;

    public MediaServicesArm() { this(FunctionsPlatform.services()); }

    public MediaServicesArm(ServiceGraph services) { this.arm = services.arm(); }

    @FunctionName("MediaServicesArm")
    public HttpResponseMessage run(
            @HttpTrigger(name = "req", methods = {HttpMethod.GET, HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE, HttpMethod.POST},
                    route = "subscriptions/{*path}", authLevel = AuthorizationLevel.ANONYMOUS) HttpRequestMessage<Optional<String>> req,
            @BindingName("path") String path, ExecutionContext context) {
        ArmResponse r = arm.handle(new ArmRequest(req.getHttpMethod().name(), "subscriptions/" + (path == null ? "" : path),
                req.getQueryParameters(), header(req.getHeaders(), "authorization"), req.getBody().orElse(null), baseUrl(req)));
        HttpResponseMessage.Builder b = req.createResponseBuilder(HttpStatusType.custom(r.status()));
        r.headers().forEach(b::header);
        if (r.body() != null) b.body(r.body());
        return b.build();
    }

    /**
     * The absolute URL the ARM paths hang below: https (ARM is HTTPS only; the SDK refuses bearer
     * tokens over http), the Host the client called, and the path before {@code /subscriptions}
     * ({@code /api} in Azure, nothing at the local host's root).
     */
    static String baseUrl(HttpRequestMessage<?> req) {
        URI uri = req.getUri();
        String host = header(req.getHeaders(), "host");
        if (host == null || host.isBlank() || !host.matches("[A-Za-z0-9.\\-\\[\\]:]{1,270}")) host = uri.getAuthority();
        String p = uri.getRawPath() == null ? "" : uri.getRawPath();
        int at = p.toLowerCase(java.util.Locale.ROOT).indexOf("/subscriptions/");
        String prefix = at < 0 ? "" : p.substring(0, at).replaceAll("/{2,}", "/");
        if (prefix.endsWith("/")) prefix = prefix.substring(0, prefix.length() - 1);
        return "https://" + host + prefix;
    }

    private static String header(Map<String, String> headers, String name) {
        for (Map.Entry<String, String> e : headers.entrySet()) if (e.getKey().equalsIgnoreCase(name)) return e.getValue();
        return null;
    }
}
