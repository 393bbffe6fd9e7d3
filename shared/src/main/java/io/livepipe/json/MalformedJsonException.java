package io.livepipe.json;

import io.livepipe.http.Refusal;

/**
 * A request body was not the JSON expected; the message is safe to return to the caller. A 400
 * {@link Refusal} of its own type because ARM words it differently ({@code InvalidRequestContent}).
 */
public final class MalformedJsonException extends Refusal {
    public MalformedJsonException(String message) { super(Reason.BAD_REQUEST, message); }
}
