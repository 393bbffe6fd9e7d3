package io.livepipe.archive;

import io.livepipe.channel.Channel;
import io.livepipe.channel.ChannelObservation;
import io.livepipe.channel.ChannelObserver;
import io.livepipe.channel.ChannelService;
import io.livepipe.channel.ChannelState;
import io.livepipe.events.EventGridEvent;
import io.livepipe.events.media.MediaEventTypes;
import io.livepipe.http.Refusal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

/**
 * What the channel events set in motion. On EncoderConnected, a channel with {@code autoRecord}
 * and no running program starts one, named after the connect time, so a redelivered event
 * finds it already started. {@link #watch} stops the running programs of channels whose encoder
 * has stayed away longer than their reconnect window, or that were stopped, sealing their
 * assets; a reconnect inside the window finds the same programs still recording.
 */
public final class ChannelAutomation {
    private static final Logger LOG = Logger.getLogger(ChannelAutomation.class.getName());
    private static final DateTimeFormatter AUTO_NAME = DateTimeFormatter.ofPattern("'auto-'yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private final ChannelService channels;
    private final ChannelObserver observer;
    private final ArchiveService archive;
    private final Clock clock;

    public ChannelAutomation(ChannelService channels, ChannelObserver observer, ArchiveService archive, Clock clock) {
        this.channels = channels;
        this.observer = observer;
        this.archive = archive;
        this.clock = clock;
    }

    /** Returns the program started, if this event started one. */
    public String onEvent(EventGridEvent e) {
        if (!e.eventType().equals(MediaEventTypes.ENCODER_CONNECTED) || !e.subject().startsWith("liveEvent/")) return null;
        String name = e.subject().substring("liveEvent/".length());
        Channel c = channels.findByName(name).orElse(null);
        if (c == null || !c.autoRecord() || c.state() != ChannelState.RUNNING) return null;
        if (archive.programs(name).stream().anyMatch(p -> p.state().equals(Program.RUNNING))) return null;
        String program = AUTO_NAME.format(e.eventTime());
        try {
            archive.start(name, program, null, null);
            LOG.info(() -> "event=auto_record_started channel=" + name + " program=" + program);
            return program;
        } catch (Refusal conflict) {
            return null;
        }
    }

    /** Stops programs whose encoder stayed away too long; returns "channel/program" of each stopped. */
    public List<String> watch() {
        Instant now = clock.instant();
        List<String> stopped = new ArrayList<>();
        for (Channel c : channels.list()) {
            List<Program> running = archive.programs(c.name()).stream().filter(p -> p.state().equals(Program.RUNNING)).toList();
            if (running.isEmpty()) continue;
            ChannelObservation o = observer.observation(c.name());
            boolean away = o.encoder() == null && o.connectionChangedAt() != null
                    && o.connectionChangedAt().plus(c.reconnectWindow()).isBefore(now);
            if (c.state() == ChannelState.STOPPED || away) {
                for (Program p : running) {
                    archive.stop(c.name(), p.name());
                    stopped.add(c.name() + "/" + p.name());
                }
            }
        }
        return stopped;
    }
}
