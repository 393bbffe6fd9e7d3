package io.livepipe.arm;

import static io.livepipe.arm.ArmJson.ASSET_NAME;
import static io.livepipe.arm.ArmJson.body;
import static io.livepipe.arm.ArmJson.duration;
import static io.livepipe.arm.ArmJson.eventName;
import static io.livepipe.arm.ArmJson.ok;
import static io.livepipe.arm.ArmJson.resource;
import static io.livepipe.arm.ArmJson.text;
import static io.livepipe.arm.ArmRefusal.badRequest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.livepipe.archive.ArchiveService;
import io.livepipe.archive.Program;
import io.livepipe.arm.ArmApi.Call;
import io.livepipe.channel.ChannelService;
import io.livepipe.http.Refusal;
import io.livepipe.storage.JsonDocuments;
import io.livepipe.storage.Versioned;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;

/** Live outputs (livepipe's programs) in AMS's shape: create (records into an asset made first), delete (the asset stays, as VOD), and their JSON. */
record ArmLiveOutputs(ChannelService channels, ArchiveService archive, JsonDocuments docs, ArmOperations operations) {
    private static final Logger LOG = Logger.getLogger(ArmApi.class.getName());

    ArmResponse putLiveOutput(Call c, String rawEvent, String name) {
        String event = eventName(rawEvent);
        channels.get(event);
        JsonNode props = body(c).path("properties");
        String assetName = text(props, "assetName");
        if (assetName == null) throw badRequest("properties.assetName is required");
        Duration window = duration(props, "archiveWindowLength");
        if (window == null) throw badRequest("properties.archiveWindowLength is required (PT1M to PT25H)");
        Duration rewind = duration(props, "rewindWindowLength");
        if (rewind != null && (rewind.compareTo(Duration.ofMinutes(1)) < 0 || rewind.compareTo(window) > 0)) {
            throw badRequest("rewindWindowLength must be at least PT1M and at most archiveWindowLength");
        }
        Optional<Program> existing = findProgram(event, name);
        if (existing.isPresent()) {
            Program p = existing.get();
            if (!p.assetName().equals(assetName) || !p.archiveWindow().equals(window)) {
                throw ArmRefusal.conflict("live output " + name + " exists with other settings; delete it first");
            }
            return ok(200, liveOutput(c, p));
        }
        if (!ASSET_NAME.matcher(assetName).matches()) throw badRequest("assetName must be 1-64 letters, digits, '.', '_' or '-'");
        if (archive.findAsset(assetName).isPresent()) {
            throw ArmRefusal.conflict("asset " + assetName + " already holds a recording; give the live output a new asset");
        }
        if (docs.read(ArmDocuments.Asset.path(assetName), ArmDocuments.Asset.class).isEmpty()) {
            throw ArmRefusal.notFound("Microsoft.Media/mediaservices/assets", assetName);
        }
        JsonNode hls = props.path("hls").path("fragmentsPerTsSegment");
        ArmDocuments.LiveOutput side = new ArmDocuments.LiveOutput(event, name, text(props, "description"), text(props, "manifestName"),
                rewind, hls.isInt() ? hls.asInt() : null);
        Program p = archive.start(event, name, assetName, window);
        docs.put(ArmDocuments.LiveOutput.path(event, name), side);
        LOG.info(() -> "event=arm_live_output_created channel=" + event + " program=" + name);
        return ok(201, liveOutput(c, p));
    }

    private Optional<Program> findProgram(String event, String name) {
        try {
            return Optional.of(archive.program(event, name));
        } catch (Refusal e) {
            if (e.reason() == Refusal.Reason.NOT_FOUND) return Optional.empty();
            throw e;
        }
    }

    ArmResponse deleteLiveOutput(Call c, String rawEvent, String name) {
        String event = eventName(rawEvent);
        if (findProgram(event, name).isEmpty()) return new ArmResponse(204, Map.of(), null);
        removeOutput(event, name);
        return operations.accepted(c);
    }

    /** As deleting a live output did: the recording ends, the asset stays (as VOD), the output is gone. */
    void removeOutput(String event, String name) {
        archive.stop(event, name);
        archive.deleteProgram(event, name);
        docs.store().delete(ArmDocuments.LiveOutput.path(event, name), io.livepipe.storage.Condition.none());
    }

    ObjectNode liveOutput(Call c, Program p) {
        Optional<ArmDocuments.LiveOutput> side = docs.read(ArmDocuments.LiveOutput.path(p.channel(), p.name()), ArmDocuments.LiveOutput.class)
                .map(Versioned::value);
        ObjectNode o = resource(c, "/liveEvents/" + p.channel() + "/liveOutputs/" + p.name(), p.name(),
                "Microsoft.Media/mediaservices/liveEvents/liveOutputs");
        ObjectNode props = o.putObject("properties");
        side.map(ArmDocuments.LiveOutput::description).ifPresent(d -> props.put("description", d));
        props.put("assetName", p.assetName());
        props.put("archiveWindowLength", p.archiveWindow().toString());
        side.map(ArmDocuments.LiveOutput::rewindWindowLength).ifPresent(d -> props.put("rewindWindowLength", d.toString()));
        props.put("manifestName", side.map(ArmDocuments.LiveOutput::manifestName).orElse(p.assetName()));
        side.map(ArmDocuments.LiveOutput::fragmentsPerTsSegment).ifPresent(f -> props.putObject("hls").put("fragmentsPerTsSegment", f));
        props.put("created", p.started().toString());
        props.put("lastModified", (p.stopped() != null ? p.stopped() : p.started()).toString());
        props.put("provisioningState", "Succeeded");
        props.put("resourceState", p.state());
        return o;
    }
}
