package io.livepipe.arm;

import io.livepipe.http.Refusal;

/**
 * Refusals of the ARM face, as Azure Resource Manager words them: a {@link Refusal} whose code is
 * ARM's ({@code ResourceNotFound}, {@code InvalidApiVersionParameter}, ...), answered as
 * {@code {"error":{"code","message"}}} by {@link ArmApi}. The message never quotes a secret.
 */
final class ArmRefusal {
    private ArmRefusal() { }

    static Refusal of(int status, String code, String message) { return new Refusal(Refusal.Reason.of(status), code, message); }

    static Refusal badRequest(String message) { return of(400, "BadRequest", message); }

    static Refusal notFound(String type, String name) {
        return of(404, "ResourceNotFound", "The " + type + " '" + name + "' was not found.");
    }

    static Refusal conflict(String message) { return of(409, "Conflict", message); }
}
