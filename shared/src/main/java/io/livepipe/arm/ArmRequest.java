package io.livepipe.arm;

import java.util.Map;

/**
 * One call to the ARM face: the method, the path from {@code subscriptions/...} on (as sent,
 * percent-decoded, any case, repeated slashes allowed), the query parameters, the
 * {@code Authorization} header (null: none), the body (null: none) and {@code baseUrl}, the
 * absolute URL the path hangs below (where operation URLs point the client back to).
 */
public record ArmRequest(String method, String path, Map<String, String> query, String authorization, String body, String baseUrl) {
    public ArmRequest {
        query = query == null ? Map.of() : Map.copyOf(query);
    }

    @Override
    public String toString() { return "ArmRequest[" + method + " " + path + "]"; }
}
