package io.livepipe.functions;

import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatus;
import com.microsoft.azure.functions.HttpStatusType;
import io.livepipe.json.MalformedJsonException;
import io.livepipe.protection.ProtectionException;
import io.livepipe.token.TokenRejectedException;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Maps the protection services' exceptions to answers, once for every protection function: a
 * rejected token is a 401 with {@code WWW-Authenticate: Bearer error="invalid_token"} or a 403
 * with {@code insufficient_scope} (RFC 6750 §3), its reason code in the problem document.
 */
public final class ProtectionResponses {
    private ProtectionResponses() { }

    public static HttpResponseMessage handle(HttpRequestMessage<?> req, Supplier<HttpResponseMessage> work) {
        try {
            return work.get();
        } catch (MalformedJsonException e) {
            return Responses.problem(req, HttpStatus.BAD_REQUEST, e.getMessage());
        } catch (TokenRejectedException e) {
            String error = e.status() == 401 ? "invalid_token" : "insufficient_scope";
            return req.createResponseBuilder(HttpStatusType.custom(e.status()))
                    .header("Content-Type", "application/problem+json")
                    .header("Cache-Control", "no-store")
                    .header("WWW-Authenticate", "Bearer error=\"" + error + "\"")
                    .body(Responses.toJson(Map.of("status", e.status(), "code", e.code(), "detail", e.getMessage()))).build();
        } catch (ProtectionException e) {
            return req.createResponseBuilder(HttpStatusType.custom(e.status()))
                    .header("Content-Type", "application/problem+json")
                    .header("Cache-Control", "no-store")
                    .body(Responses.toJson(Map.of("status", e.status(), "detail", e.getMessage()))).build();
        }
    }
}
