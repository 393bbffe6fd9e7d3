package io.livepipe.arm;

/**
 * A refusal of the ARM face, as Azure Resource Manager words it: an HTTP status and an error
 * {@code code} ({@code ResourceNotFound}, {@code InvalidApiVersionParameter}, ...) with a message,
 * answered as {@code {"error":{"code","message"}}}. The message never quotes a secret.
 */
public final class ArmException extends RuntimeException {
    private final int status;
    private final String code;

    public ArmException(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    public int status() { return status; }

    public String code() { return code; }

    static ArmException badRequest(String message) { return new ArmException(400, "BadRequest", message); }

    static ArmException notFound(String type, String name) {
        return new ArmException(404, "ResourceNotFound", "The " + type + " '" + name + "' was not found.");
    }

    static ArmException conflict(String message) { return new ArmException(409, "Conflict", message); }
}
