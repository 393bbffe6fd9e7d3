package io.livepipe.platform;

import io.livepipe.config.Settings;
import io.livepipe.events.EventPublisher;
import io.livepipe.storage.BlobStore;
import java.time.Clock;
import java.util.Objects;

/**
 * What every service needs, wired once per process: settings, the media store (segments), the
 * state store (documents), the event publisher and the clock. Function classes and the encoder
 * service get one of these and pass its parts to the services they call.
 */
public record Platform(Settings settings, BlobStore media, BlobStore state, EventPublisher events,
                       String eventsBackend, Clock clock) {
    public Platform {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(media, "media");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(events, "events");
        Objects.requireNonNull(eventsBackend, "eventsBackend");
        Objects.requireNonNull(clock, "clock");
    }

    public HealthReport health() {
        return new HealthReport("ok", Version.current(), media.backend(), eventsBackend,
                clock.instant());
    }
}
