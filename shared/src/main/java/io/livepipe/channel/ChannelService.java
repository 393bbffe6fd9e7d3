package io.livepipe.channel;

import io.livepipe.events.EventFactory;
import io.livepipe.events.EventPublisher;
import io.livepipe.events.livepipe.ChannelStateChanged;
import io.livepipe.events.livepipe.LivepipeEventTypes;
import io.livepipe.events.media.MediaEventTypes;
import io.livepipe.http.Refusal;
import io.livepipe.storage.BlobProperties;
import io.livepipe.storage.JsonDocuments;
import io.livepipe.storage.PreconditionFailedException;
import io.livepipe.storage.Versioned;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;

/**
 * Channels: create, read, update, delete, start, stop, reset, rotate key. Documents live in the
 * state store at {@code channels/{name}.json}, every change a conditional write; a stream key
 * is found through {@code streamkeys/{sha256}.json}. Each state change is published as
 * {@code Livepipe.ChannelStateChanged}.
 */
public final class ChannelService {
    public static final String PREFIX = "channels/";
    public static final String KEY_PREFIX = "streamkeys/";
    /** More channels than this in one deployment is refused, to keep listing bounded. */
    public static final int MAX_CHANNELS = 1000;
    private static final Logger LOG = Logger.getLogger(ChannelService.class.getName());

    private final JsonDocuments docs;
    private final EventPublisher events;
    private final EventFactory eventFactory;
    private final Clock clock;
    private final SecureRandom random;
    private final EndpointsFactory endpoints;
    private final SecretSeal seal;

    /** Makes the ingest URLs handed out for a channel and key. */
    public interface EndpointsFactory {
        IngestEndpoints of(String channel, String streamKey);
    }

    public ChannelService(JsonDocuments docs, EventPublisher events, EventFactory eventFactory, Clock clock,
                          SecureRandom random, EndpointsFactory endpoints) {
        this(docs, events, eventFactory, clock, random, endpoints, SecretSeal.NONE);
    }

    /** With {@code seal} for channels' SRT passphrases (kept only sealed). */
    public ChannelService(JsonDocuments docs, EventPublisher events, EventFactory eventFactory, Clock clock,
                          SecureRandom random, EndpointsFactory endpoints, SecretSeal seal) {
        this.seal = seal;
        this.docs = docs;
        this.events = events;
        this.eventFactory = eventFactory;
        this.clock = clock;
        this.random = random;
        this.endpoints = endpoints;
    }

    static String path(String name) { return PREFIX + name + ".json"; }

    static String keyPath(String digest) { return KEY_PREFIX + digest + ".json"; }

    public CreatedChannel create(String name, ChannelSpec spec) { return create(name, spec, null); }

    /**
     * As {@link #create(String, ChannelSpec)} with the stream key {@code givenKey} (the ARM face's
     * {@code input.accessToken}, {@link StreamKey#requireGiven}), or a random one when null.
     */
    public CreatedChannel create(String name, ChannelSpec spec, String givenKey) {
        ChannelName.require(name);
        if (docs.store().list(PREFIX).size() >= MAX_CHANNELS) throw Refusal.conflict("at most " + MAX_CHANNELS + " channels");
        String key = givenKey == null ? StreamKey.generate(random) : StreamKey.requireGiven(givenKey);
        if (givenKey != null && docs.read(keyPath(StreamKey.digest(key)), StreamKeyIndexEntry.class).isPresent()) {
            throw Refusal.conflict("that access token is another channel's stream key");
        }
        String digest = StreamKey.digest(key);
        Instant now = clock.instant();
        Channel blank = new Channel(name, null, spec.mode() == null ? ChannelMode.PASSTHROUGH : spec.mode(),
                spec.ladderPreset(), null, null, null, false, null, ChannelState.STOPPED, digest, null, now, now, null);
        Channel channel = spec.applyTo(blank, now, seal);
        try {
            docs.create(path(name), channel);
        } catch (PreconditionFailedException e) {
            throw Refusal.conflict("channel " + name + " exists");
        }
        docs.put(keyPath(digest), new StreamKeyIndexEntry(name));
        publishState(channel, ChannelState.STOPPED, "create");
        LOG.info(() -> "event=channel_created channel=" + name + " mode=" + channel.mode());
        return new CreatedChannel(channel, key, endpoints.of(name, key));
    }

    /** The ingest URLs carrying {@code streamKey} for channel {@code name}. */
    public IngestEndpoints endpoints(String name, String streamKey) { return endpoints.of(name, streamKey); }

    /** The channel's SRT passphrase in clear, for the SRT listener only (never logged), or empty when it has none. */
    public java.util.Optional<String> srtPassphrase(Channel c) {
        return c.srtPassphraseSealed() == null ? java.util.Optional.empty() : java.util.Optional.of(seal.open(c.srtPassphraseSealed()));
    }

    public Channel get(String name) {
        ChannelName.require(name);
        return docs.read(path(name), Channel.class).map(Versioned::value).orElseThrow(() -> Refusal.notFound("no channel " + name));
    }

    public List<Channel> list() {
        List<Channel> out = new ArrayList<>();
        for (BlobProperties p : docs.store().list(PREFIX)) {
            String rest = p.path().substring(PREFIX.length());
            if (rest.endsWith(".json") && !rest.contains("/")) {
                docs.read(p.path(), Channel.class).ifPresent(v -> out.add(v.value()));
            }
        }
        return out;
    }

    public Channel update(String name, ChannelSpec spec) {
        ChannelName.require(name);
        return change(name, c -> {
            if (spec.changesEncoding(c) && c.state() != ChannelState.STOPPED) {
                throw Refusal.conflict("mode, ladderPreset and keyFrameInterval change only while the channel is stopped");
            }
            return spec.applyTo(c, clock.instant(), seal);
        });
    }

    public void delete(String name) {
        Channel c = get(name);
        if (c.state() != ChannelState.STOPPED) throw Refusal.conflict("stop channel " + name + " before deleting it");
        Versioned<Channel> v = docs.read(path(name), Channel.class).orElseThrow(() -> Refusal.notFound("no channel " + name));
        if (v.value().state() != ChannelState.STOPPED) throw Refusal.conflict("stop channel " + name + " before deleting it");
        if (!docs.delete(path(name), v.etag())) throw Refusal.conflict("channel " + name + " changed; retry");
        docs.store().delete(keyPath(v.value().streamKeyDigest()), io.livepipe.storage.Condition.none());
        LOG.info(() -> "event=channel_deleted channel=" + name);
    }

    /** Stopped → Starting → Running, with a new run id. */
    public Channel start(String name) {
        Channel starting = transition(name, ChannelState.STARTING, UUID.randomUUID().toString(), "start");
        return transition(name, ChannelState.RUNNING, starting.runId(), "start");
    }

    /** Running → Stopping → Stopped; the encoder service disconnects any encoder on Stopping. */
    public Channel stop(String name) {
        Channel c = get(name);
        if (c.state() == ChannelState.STOPPED) return c;
        Channel stopping = transition(name, ChannelState.STOPPING, c.runId(), "stop");
        return transition(name, ChannelState.STOPPED, stopping.runId(), "stop");
    }

    /** Stops and starts again with a new run; the current encoder is disconnected. */
    public Channel reset(String name) {
        Channel c = get(name);
        if (c.state() != ChannelState.RUNNING) throw Refusal.conflict("only a running channel can be reset");
        transition(name, ChannelState.STOPPING, c.runId(), "reset");
        transition(name, ChannelState.STOPPED, c.runId(), "reset");
        Channel starting = transition(name, ChannelState.STARTING, UUID.randomUUID().toString(), "reset");
        return transition(name, ChannelState.RUNNING, starting.runId(), "reset");
    }

    /** A new stream key; the old one stops working at once (a session already publishing goes on). */
    public CreatedChannel rotateKey(String name) {
        String key = StreamKey.generate(random);
        String digest = StreamKey.digest(key);
        AtomicReference<String> old = new AtomicReference<>();
        docs.put(keyPath(digest), new StreamKeyIndexEntry(name));
        Channel c = change(name, ch -> {
            old.set(ch.streamKeyDigest());
            return ch.withStreamKeyDigest(digest, clock.instant());
        });
        docs.store().delete(keyPath(old.get()), io.livepipe.storage.Condition.none());
        LOG.info(() -> "event=stream_key_rotated channel=" + name);
        return new CreatedChannel(c, key, endpoints.of(name, key));
    }

    /** The channel of this name, if there is one. */
    public Optional<Channel> findByName(String name) {
        if (!ChannelName.isValid(name)) return Optional.empty();
        return docs.read(path(name), Channel.class).map(Versioned::value);
    }

    /** The channel a stream key opens, if any. */
    public Optional<Channel> findByStreamKey(String streamKey) {
        if (streamKey == null || streamKey.isEmpty() || streamKey.length() > StreamKey.MAX_LENGTH) return Optional.empty();
        String digest = StreamKey.digest(streamKey);
        return docs.read(keyPath(digest), StreamKeyIndexEntry.class)
                .flatMap(e -> docs.read(path(e.value().channel()), Channel.class))
                .map(Versioned::value)
                .filter(c -> c.streamKeyDigest().equals(digest));
    }

    private Channel transition(String name, ChannelState to, String runId, String reason) {
        AtomicReference<ChannelState> from = new AtomicReference<>();
        Channel after = change(name, c -> {
            if (!c.state().canMoveTo(to)) {
                throw Refusal.conflict("channel " + name + " is " + c.state().apiName() + "; cannot go to " + to.apiName());
            }
            from.set(c.state());
            return c.withState(to, runId, clock.instant());
        });
        publishState(after, from.get(), reason);
        return after;
    }

    private Channel change(String name, java.util.function.UnaryOperator<Channel> f) {
        ChannelName.require(name);
        return docs.update(path(name), Channel.class, current -> f.apply(current.orElseThrow(() -> Refusal.notFound("no channel " + name))));
    }

    private void publishState(Channel c, ChannelState previous, String reason) {
        events.publish(eventFactory.create(MediaEventTypes.subject(c.name()), LivepipeEventTypes.CHANNEL_STATE_CHANGED,
                new ChannelStateChanged(c.name(), previous.apiName(), c.state().apiName(), c.runId(), reason)));
    }
}
