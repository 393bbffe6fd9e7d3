package io.livepipe.arm;

import java.util.Map;

/** The ARM face's answer: status, headers and a JSON body (null: none). */
public record ArmResponse(int status, Map<String, String> headers, String body) {
    public ArmResponse {
        headers = Map.copyOf(headers);
    }
}
