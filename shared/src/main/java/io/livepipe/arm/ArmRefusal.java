package io.livepipe.arm;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.livepipe.http.Problem;
import io.livepipe.http.Refusal;
import io.livepipe.json.MalformedJsonException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Refusals of the ARM face, as Azure Resource Manager words them: a {@link Refusal} whose code is
 * ARM's ({@code ResourceNotFound}, {@code InvalidApiVersionParameter}, ...), and the one mapping of
 * any refusal to ARM's error shape {@code {"error":{"code","message"}}} (a refusal without an ARM
 * code gets the one of its status). The message never quotes a secret.
 */
final class ArmRefusal {
    private ArmRefusal() { }

    static Refusal of(int status, String code, String message) { return new Refusal(Refusal.Reason.of(status), code, message); }

    static Refusal badRequest(String message) { return of(400, "BadRequest", message); }

    static Refusal notFound(String type, String name) {
        return of(404, "ResourceNotFound", "The " + type + " '" + name + "' was not found.");
    }

    static Refusal conflict(String message) { return of(409, "Conflict", message); }

    static Refusal notSupported(String what) { return of(400, "NotSupported", "livepipe does not support " + what + "."); }

    static Refusal methodNotAllowed(String m) {
        return of(405, "MethodNotAllowed", "The method " + ArmJson.clip(m) + " is not allowed on this resource.");
    }

    /** {@code refused} in ARM's shape; a 5xx is logged as every edge logs it. */
    static ArmResponse answer(Refusal refused) {
        if (refused instanceof MalformedJsonException e) {
            return error(400, "InvalidRequestContent", "The request content was invalid and could not be deserialized: " + e.getMessage());
        }
        Problem.logServerFault(refused);
        return error(refused.status(), refused.code() != null ? refused.code() : codeOf(refused.status()), refused.getMessage());
    }

    static String codeOf(int status) {
        return switch (status) {
            case 404 -> "ResourceNotFound";
            case 409 -> "Conflict";
            case 401 -> "AuthenticationFailed";
            case 403 -> "AuthorizationFailed";
            default -> status >= 500 ? "InternalServerError" : "BadRequest";
        };
    }

    private static ArmResponse error(int status, String code, String message) {
        ObjectNode o = ArmJson.NODES.objectNode();
        o.putObject("error").put("code", code).put("message", message);
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Content-Type", "application/json; charset=utf-8");
        h.put("Cache-Control", "no-store");
        h.put("x-ms-failure-cause", status >= 500 ? "service" : "gateway");
        if (status == 401) h.put("WWW-Authenticate", "Bearer error=\"invalid_token\"");
        return new ArmResponse(status, h, ArmJson.write(o));
    }
}
