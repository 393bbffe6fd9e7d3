package io.livepipe.functions;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatusType;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import io.livepipe.platform.ServiceGraph;
import io.livepipe.streaming.StreamingResponse;
import io.livepipe.streaming.StreamingService;
import java.time.Clock;
import java.util.Optional;

/**
 * {@code GET /api/time}: the platform's time as xs:dateTime, anonymous and never cached — the
 * {@code UTCTiming} source ({@code urn:mpeg:dash:utc:http-xsdate:2014}) of live MPDs.
 */
public final class Time {
    private final Clock clock;

    public Time() { this(FunctionsPlatform.services()); }

    public Time(ServiceGraph services) { this.clock = services.platform().clock(); }

    @FunctionName("Time")
    public HttpResponseMessage run(
            @HttpTrigger(name = "req", methods = {HttpMethod.GET, HttpMethod.HEAD}, route = "time",
                    authLevel = AuthorizationLevel.ANONYMOUS) HttpRequestMessage<Optional<String>> req,
            ExecutionContext context) {
        StreamingResponse r = StreamingService.time(clock);
        HttpResponseMessage.Builder b = req.createResponseBuilder(HttpStatusType.custom(r.status()));
        r.headers().forEach(b::header);
        return b.body(new String(r.body(), java.nio.charset.StandardCharsets.UTF_8)).build();
    }
}
