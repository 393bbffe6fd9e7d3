package io.livepipe.arm;

import static io.livepipe.arm.ArmJson.JSON;
import static io.livepipe.arm.ArmJson.NODES;
import static io.livepipe.arm.ArmJson.body;
import static io.livepipe.arm.ArmJson.duration;
import static io.livepipe.arm.ArmJson.eventName;
import static io.livepipe.arm.ArmJson.ok;
import static io.livepipe.arm.ArmJson.resource;
import static io.livepipe.arm.ArmJson.tags;
import static io.livepipe.arm.ArmJson.text;
import static io.livepipe.arm.ArmRefusal.badRequest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.livepipe.archive.ArchiveService;
import io.livepipe.archive.Program;
import io.livepipe.arm.ArmApi.Call;
import io.livepipe.channel.Channel;
import io.livepipe.channel.ChannelMode;
import io.livepipe.channel.ChannelName;
import io.livepipe.channel.ChannelService;
import io.livepipe.channel.ChannelSpec;
import io.livepipe.channel.ChannelState;
import io.livepipe.channel.CreatedChannel;
import io.livepipe.channel.IngestEndpoints;
import io.livepipe.channel.LadderPresets;
import io.livepipe.channel.SecretSeal;
import io.livepipe.storage.JsonDocuments;
import io.livepipe.storage.Versioned;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.logging.Logger;

/** Live events (livepipe's channels) in AMS's shape: create or update, start, stop, reset, allocate, delete, and their JSON. */
record ArmLiveEvents(ChannelService channels, ArchiveService archive, JsonDocuments docs, Supplier<SecretSeal> seal,
                     ArmLiveOutputs outputs, ArmOperations operations) {
    private static final Logger LOG = Logger.getLogger(ArmApi.class.getName());
    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    ArmResponse putLiveEvent(Call c, String rawName, boolean patch) {
        String name = eventName(rawName);
        JsonNode body = body(c);
        JsonNode props = body.path("properties");
        Optional<Channel> existing = channels.findByName(name);
        if (patch && existing.isEmpty()) throw ArmRefusal.notFound("Microsoft.Media/mediaservices/liveEvents", name);
        Optional<ArmDocuments.LiveEvent> side = docs.read(ArmDocuments.LiveEvent.path(name), ArmDocuments.LiveEvent.class).map(Versioned::value);
        String location = text(body, "location");
        if (location == null && existing.isEmpty()) throw ArmRefusal.of(400, "LocationRequired", "The location property is required for this definition.");
        JsonNode input = props.path("input");
        String protocol = text(input, "streamingProtocol");
        if (protocol != null && !protocol.equalsIgnoreCase("RTMP") && !protocol.equalsIgnoreCase("FragmentedMP4")) {
            throw badRequest("input.streamingProtocol must be RTMP or FragmentedMP4");
        }
        String token = text(input, "accessToken");
        JsonNode encoding = props.path("encoding");
        String encodingType = text(encoding, "encodingType");
        String preset = text(encoding, "presetName");
        ChannelMode mode = null;
        String ladder = null;
        if (encodingType != null) {
            switch (encodingType.toLowerCase(Locale.ROOT)) {
                case "none", "passthroughbasic", "passthroughstandard" -> {
                    mode = ChannelMode.PASSTHROUGH;
                    if (preset != null) throw badRequest("encoding.presetName applies only to the Standard and Premium1080p encoding types");
                }
                case "standard" -> {
                    mode = ChannelMode.ENCODE;
                    ladder = preset == null ? LadderPresets.DEFAULT_720P : preset;
                }
                case "premium1080p" -> {
                    mode = ChannelMode.ENCODE;
                    ladder = preset == null ? LadderPresets.DEFAULT_1080P : preset;
                }
                default -> throw badRequest("encoding.encodingType must be None, PassthroughBasic, PassthroughStandard, Standard or Premium1080p");
            }
            if (ladder != null && !LadderPresets.NAMES.contains(ladder)) throw badRequest("encoding.presetName must be one of " + LadderPresets.NAMES);
        }
        Duration keyFrame = duration(input, "keyFrameIntervalDuration");
        List<String> ingestAllow = ipAllow(input.path("accessControl"), "input.accessControl");
        List<String> previewAllow = ipAllow(props.path("preview").path("accessControl"), "preview.accessControl");
        String description = text(props, "description");
        // streamOptions: LowLatency turns on LL-HLS/LL-DASH (docs/streaming.md); Default (or absent) leaves it as it is
        List<String> streamOptions = null;
        if (props.path("streamOptions").isArray()) {
            streamOptions = new java.util.ArrayList<>();
            for (com.fasterxml.jackson.databind.JsonNode o : props.path("streamOptions")) streamOptions.add(o.asText());
            try {
                io.livepipe.channel.Channel.lowLatency(streamOptions);
            } catch (RuntimeException e) {
                throw badRequest("streamOptions may hold Default and LowLatency");
            }
        }
        ChannelSpec spec = new ChannelSpec(description, mode, ladder, keyFrame, ingestAllow, previewAllow, null, null, null, null,
                streamOptions);
        boolean useStatic = props.path("useStaticHostname").asBoolean(side.map(ArmDocuments.LiveEvent::useStaticHostname).orElse(false));
        String prefix = text(props, "hostnamePrefix");
        if (prefix != null && !ChannelName.isValid(prefix)) throw badRequest("hostnamePrefix must be 1-32 letters, digits or inner hyphens");
        Map<String, String> tags = tags(body);
        Channel channel;
        String sealedToken;
        int status;
        if (existing.isEmpty()) {
            // sealed before anything is written: a platform that cannot seal refuses before creating
            String key = token != null ? io.livepipe.channel.StreamKey.requireGiven(token) : io.livepipe.channel.StreamKey.generate(RANDOM);
            sealedToken = seal.get().seal(key);
            CreatedChannel created = channels.create(name, spec, key);
            channel = created.channel();
            status = 201;
        } else {
            if (token != null && !token.equals(side.map(d -> seal.get().open(d.accessTokenSealed())).orElse(null))) {
                throw badRequest("input.accessToken cannot change: create the live event again");
            }
            channel = channels.update(name, spec);
            sealedToken = side.map(ArmDocuments.LiveEvent::accessTokenSealed).orElse(null);
            status = 200;
        }
        ArmDocuments.LiveEvent doc = new ArmDocuments.LiveEvent(channel.name(),
                location != null ? location : side.map(ArmDocuments.LiveEvent::location).orElse("global"),
                tags != null ? tags : side.map(ArmDocuments.LiveEvent::tags).orElse(Map.of()),
                encodingType != null ? canonicalEncoding(encodingType) : side.map(ArmDocuments.LiveEvent::encodingType).orElse(null),
                preset != null ? preset : side.map(ArmDocuments.LiveEvent::presetName).orElse(null),
                protocol != null ? protocol.toUpperCase(Locale.ROOT).replace("FRAGMENTEDMP4", "FragmentedMP4")
                        : side.map(ArmDocuments.LiveEvent::streamingProtocol).orElse("RTMP"),
                sealedToken, useStatic, prefix != null ? prefix : side.map(ArmDocuments.LiveEvent::hostnamePrefix).orElse(null), null);
        docs.put(ArmDocuments.LiveEvent.path(name), doc);
        if (existing.isEmpty() && "true".equalsIgnoreCase(c.request().query().get("autoStart"))) channel = channels.start(name);
        LOG.info(() -> "event=arm_live_event_" + (status == 201 ? "created" : "updated") + " channel=" + name);
        return ok(status, liveEvent(c, channel));
    }

    ArmResponse liveEventAction(Call c, String rawName, String action) {
        String name = eventName(rawName);
        switch (action.toLowerCase(Locale.ROOT)) {
            case "start" -> {
                Channel ch = channels.get(name);
                if (ch.state() != ChannelState.RUNNING) channels.start(name);
            }
            case "stop" -> {
                JsonNode body = c.request().body() == null || c.request().body().isBlank() ? NODES.objectNode() : body(c);
                boolean removeOutputs = body.path("removeOutputsOnStop").asBoolean(false);
                channels.get(name);
                if (removeOutputs) {
                    for (Program p : archive.programs(name)) outputs.removeOutput(name, p.name());
                }
                channels.stop(name);
            }
            case "reset" -> channels.reset(name);
            // nothing is allocated ahead in livepipe: a stopped channel starts at once, so allocate has nothing to do
            case "allocate" -> channels.get(name);
            default -> throw ArmRefusal.notFound("action", action);
        }
        return operations.accepted(c);
    }

    ArmResponse deleteLiveEvent(Call c, String rawName) {
        String name = eventName(rawName);
        if (channels.findByName(name).isEmpty()) return new ArmResponse(204, Map.of(), null);
        for (Program p : archive.programs(name)) outputs.removeOutput(name, p.name());
        channels.stop(name);
        channels.delete(name);
        docs.store().delete(ArmDocuments.LiveEvent.path(name), io.livepipe.storage.Condition.none());
        return operations.accepted(c);
    }

    ObjectNode liveEvent(Call c, Channel ch) {
        Optional<ArmDocuments.LiveEvent> side = docs.read(ArmDocuments.LiveEvent.path(ch.name()), ArmDocuments.LiveEvent.class).map(Versioned::value);
        String token = side.filter(d -> d.accessTokenSealed() != null).map(d -> seal.get().open(d.accessTokenSealed())).orElse(null);
        String protocol = side.map(ArmDocuments.LiveEvent::streamingProtocol).orElse("RTMP");
        ObjectNode o = resource(c, "/liveEvents/" + ch.name(), ch.name(), "Microsoft.Media/mediaservices/liveEvents");
        o.put("location", side.map(ArmDocuments.LiveEvent::location).orElse("global"));
        o.set("tags", JSON.valueToTree(side.map(ArmDocuments.LiveEvent::tags).orElse(Map.of())));
        ObjectNode p = o.putObject("properties");
        p.put("description", ch.description());
        ObjectNode input = p.putObject("input");
        input.put("streamingProtocol", protocol);
        input.put("keyFrameIntervalDuration", ch.keyFrameInterval().toString());
        if (token != null) input.put("accessToken", token);
        input.set("accessControl", accessControl(ch.ingestAllowList().ranges()));
        ArrayNode endpoints = input.putArray("endpoints");
        if (token != null) {
            IngestEndpoints e = channels.endpoints(ch.name(), token);
            if (protocol.equals("RTMP")) {
                endpoints.addObject().put("protocol", "RTMP").put("url", e.rtmp());
                endpoints.addObject().put("protocol", "RTMP").put("url", e.rtmps());
                endpoints.addObject().put("protocol", "RTMP").put("url", e.rtmpBackup());
            } else {
                endpoints.addObject().put("protocol", "FragmentedMP4").put("url", e.push());
            }
        }
        ObjectNode preview = p.putObject("preview");
        preview.putArray("endpoints").addObject().put("protocol", "FragmentedMP4").put("url", channels.endpoints(ch.name(), "-").preview());
        preview.set("accessControl", accessControl(ch.previewAllowList().ranges()));
        ObjectNode enc = p.putObject("encoding");
        String type = side.map(ArmDocuments.LiveEvent::encodingType).orElse(null);
        if (ch.mode() == ChannelMode.ENCODE) {
            enc.put("encodingType", type != null && !type.startsWith("Passthrough") && !type.equals("None") ? type
                    : LadderPresets.DEFAULT_1080P.equals(ch.ladderPreset()) ? "Premium1080p" : "Standard");
            enc.put("presetName", ch.ladderPreset());
            enc.put("keyFrameInterval", ch.keyFrameInterval().toString());
        } else {
            enc.put("encodingType", type != null && (type.startsWith("Passthrough") || type.equals("None")) ? type : "PassthroughStandard");
        }
        p.put("provisioningState", "Succeeded");
        p.put("resourceState", ch.state().apiName());
        p.put("useStaticHostname", side.map(ArmDocuments.LiveEvent::useStaticHostname).orElse(false));
        side.map(ArmDocuments.LiveEvent::hostnamePrefix).ifPresent(h -> p.put("hostnamePrefix", h));
        p.putArray("streamOptions").add(ch.lowLatency() ? io.livepipe.channel.Channel.LOW_LATENCY : "Default");
        p.put("created", ch.created().toString());
        p.put("lastModified", ch.lastModified().toString());
        return o;
    }

    private static ObjectNode accessControl(List<String> ranges) {
        ObjectNode ac = NODES.objectNode();
        ArrayNode allow = ac.putObject("ip").putArray("allow");
        for (String r : ranges) {
            int slash = r.indexOf('/');
            ObjectNode a = allow.addObject().put("name", r).put("address", slash < 0 ? r : r.substring(0, slash));
            if (slash >= 0) a.put("subnetPrefixLength", Integer.parseInt(r.substring(slash + 1)));
        }
        return ac;
    }

    private static List<String> ipAllow(JsonNode accessControl, String field) {
        JsonNode allow = accessControl.path("ip").path("allow");
        if (allow.isMissingNode() || allow.isNull()) return null;
        if (!allow.isArray()) throw badRequest(field + ".ip.allow must be a list");
        List<String> out = new ArrayList<>();
        for (JsonNode a : allow) {
            String address = text(a, "address");
            if (address == null) throw badRequest(field + ".ip.allow[].address is required");
            JsonNode len = a.path("subnetPrefixLength");
            out.add(len.isInt() ? address + "/" + len.asInt() : address);
        }
        return out;
    }

    private static String canonicalEncoding(String t) {
        return switch (t.toLowerCase(Locale.ROOT)) {
            case "none" -> "None";
            case "passthroughbasic" -> "PassthroughBasic";
            case "passthroughstandard" -> "PassthroughStandard";
            case "standard" -> "Standard";
            default -> "Premium1080p";
        };
    }
}
