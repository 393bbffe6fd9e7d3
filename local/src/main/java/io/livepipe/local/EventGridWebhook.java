package io.livepipe.local;

import io.livepipe.encoder.http.HostRequest;
import io.livepipe.encoder.http.HostResponse;
import io.livepipe.events.EventGridEvent;
import io.livepipe.events.EventJson;
import io.livepipe.events.MalformedEventException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code POST /runtime/webhooks/eventgrid?functionName=NAME}, as the Functions host exposes
 * Event Grid triggers: answers the subscription-validation handshake
 * ({@code aeg-event-type: SubscriptionValidation}) with the validation code, and delivers
 * notifications to the named function, one invocation per event. A failed invocation answers
 * 500 so that Event Grid retries the batch.
 */
final class EventGridWebhook {
    static final String PATH = "/runtime/webhooks/eventgrid";
    private static final Logger LOG = Logger.getLogger(EventGridWebhook.class.getName());

    private final FunctionHost host;
    private final FunctionKeys keys;

    EventGridWebhook(FunctionHost host, FunctionKeys keys) {
        this.host = host;
        this.keys = keys;
    }

    HostResponse handle(HostRequest request) {
        if (!request.method().equals("POST")) return HostResponse.problem(405, "use POST");
        if (!keys.permits(request)) return HostResponse.problem(401, "a function key is required (code query parameter)");
        String function = request.query().get("functionName");
        if (function == null || function.isEmpty()) return HostResponse.problem(400, "functionName query parameter is required");
        if (!host.eventGridFunctionNames().contains(function)) return HostResponse.problem(404, "no Event Grid function " + function);
        String type = request.header("aeg-event-type");
        List<EventGridEvent> events;
        try {
            events = EventJson.parseArray(new String(request.body(), StandardCharsets.UTF_8));
        } catch (MalformedEventException e) {
            return HostResponse.problem(400, "malformed event body: " + e.getMessage());
        }
        if ("SubscriptionValidation".equals(type)) return validate(events);
        if (!"Notification".equals(type)) {
            return HostResponse.problem(400, "aeg-event-type must be Notification or SubscriptionValidation");
        }
        for (EventGridEvent e : events) {
            try {
                host.invokeEventGrid(function, EventJson.toJson(e));
            } catch (Exception ex) {
                LOG.log(Level.WARNING, "event=webhook_delivery_failed function=" + function + " eventId=" + e.id()
                        + " error=" + ex.getClass().getSimpleName() + " message=\"" + ex.getMessage() + "\"", ex);
                return HostResponse.problem(500, "delivery of event " + e.id() + " failed; retry");
            }
        }
        return new HostResponse(200, Map.of(), new byte[0]);
    }

    private static HostResponse validate(List<EventGridEvent> events) {
        for (EventGridEvent e : events) {
            if (e.eventType().equals("Microsoft.EventGrid.SubscriptionValidationEvent")
                    && e.data().hasNonNull("validationCode")) {
                return HostResponse.json(200, Json.write(Map.of("validationResponse", e.data().get("validationCode").asText())));
            }
        }
        return HostResponse.problem(400, "no SubscriptionValidationEvent with a validationCode in the body");
    }
}
