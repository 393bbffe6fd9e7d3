package io.livepipe.events;

import java.util.List;

/**
 * Which events a function receives: those whose type starts with one of
 * {@code eventTypePrefixes} and whose subject starts with {@code subjectBeginsWith} (empty:
 * any). The same filters are applied by the local host's in-process delivery and by the Event
 * Grid subscriptions that infra-bicep creates in Azure.
 */
public record EventSubscription(String functionName, List<String> eventTypePrefixes, String subjectBeginsWith) {
    public EventSubscription {
        eventTypePrefixes = List.copyOf(eventTypePrefixes);
        if (subjectBeginsWith == null) subjectBeginsWith = "";
    }

    public boolean accepts(EventGridEvent e) {
        if (!e.subject().startsWith(subjectBeginsWith)) return false;
        for (String p : eventTypePrefixes) {
            if (e.eventType().startsWith(p)) return true;
        }
        return false;
    }
}
