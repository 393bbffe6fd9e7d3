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
import io.livepipe.json.JsonInput;
import io.livepipe.platform.ServiceGraph;
import io.livepipe.protection.PlaybackTokens;
import io.livepipe.protection.TokenRequest;
import io.livepipe.token.IssuedToken;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /api/locators/{id}/token} (function key): a playback JWT for the locator,
 * {@code {"token":"…","expires":"…"}}; body optional {@code {"validFor":"PT1H","claims":{…},"bindToKey":true}}.
 */
public final class Tokens {
    private final PlaybackTokens tokens;

    public Tokens() { this(FunctionsPlatform.services()); }

    public Tokens(ServiceGraph services) { this.tokens = services.playbackTokens(); }

    @FunctionName("Tokens")
    public HttpResponseMessage issue(
            @HttpTrigger(name = "req", methods = {HttpMethod.POST}, route = "locators/{id}/token",
                    authLevel = AuthorizationLevel.FUNCTION) HttpRequestMessage<Optional<String>> req,
            @BindingName("id") String id, ExecutionContext context) {
        return Responses.handle(req, () -> {
            String body = req.getBody().orElse(null);
            TokenRequest r = body == null || body.isBlank() ? TokenRequest.defaults() : JsonInput.parse(body, TokenRequest.class);
            IssuedToken t = tokens.issue(id, r);
            return Responses.json(req, HttpStatus.OK, Map.of("token", t.token(), "expires", t.expires().toString()));
        });
    }
}
