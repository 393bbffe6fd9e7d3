package io.livepipe.arm;

import static io.livepipe.arm.ArmJson.ASSET_NAME;
import static io.livepipe.arm.ArmJson.JSON;
import static io.livepipe.arm.ArmJson.NODES;
import static io.livepipe.arm.ArmJson.RESOURCE_NAME;
import static io.livepipe.arm.ArmJson.body;
import static io.livepipe.arm.ArmJson.clip;
import static io.livepipe.arm.ArmJson.guid;
import static io.livepipe.arm.ArmJson.ok;
import static io.livepipe.arm.ArmJson.resource;
import static io.livepipe.arm.ArmJson.text;
import static io.livepipe.arm.ArmRefusal.badRequest;
import static io.livepipe.arm.ArmRefusal.notSupported;
import static io.livepipe.arm.ArmStreamingPolicies.PREDEFINED_POLICIES;
import static io.livepipe.arm.ArmStreamingPolicies.policyNameOf;
import static io.livepipe.arm.ArmStreamingPolicies.predefinedName;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.livepipe.archive.ArchiveService;
import io.livepipe.arm.ArmApi.Call;
import io.livepipe.storage.JsonDocuments;
import io.livepipe.storage.PreconditionFailedException;
import io.livepipe.storage.Versioned;
import io.livepipe.streaming.Locator;
import io.livepipe.streaming.LocatorRequest;
import io.livepipe.streaming.LocatorService;
import io.livepipe.streaming.StreamingPath;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;

/** Streaming locators in AMS's shape, over livepipe's locators: the name ARM knows each by (kept under {@code arm/}), create, delete, listPaths, listContentKeys. */
record ArmLocators(LocatorService locators, ArchiveService archive, JsonDocuments docs, ArmContentKeyPolicies contentKeyPolicies) {
    private static final Logger LOG = Logger.getLogger(ArmApi.class.getName());

    /** A locator with the name ARM knows it by: its own for those made through ARM, else its id. */
    record NamedLocator(String name, Locator locator, ArmDocuments.Locator side) { }

    NamedLocator namedLocator(String name) {
        if (!RESOURCE_NAME.matcher(name).matches()) throw ArmRefusal.notFound("Microsoft.Media/mediaservices/streamingLocators", clip(name));
        Optional<ArmDocuments.Locator> side = docs.read(ArmDocuments.Locator.path(name), ArmDocuments.Locator.class).map(Versioned::value);
        String id = side.map(ArmDocuments.Locator::id).orElse(name);
        return locators.find(id).map(l -> new NamedLocator(name, l, side.orElse(null)))
                .orElseThrow(() -> ArmRefusal.notFound("Microsoft.Media/mediaservices/streamingLocators", name));
    }

    List<NamedLocator> namedLocators() {
        Map<String, ArmDocuments.Locator> byId = new HashMap<>();
        for (var b : docs.store().list(ArmDocuments.PREFIX + "streamingLocators/")) {
            docs.read(b.path(), ArmDocuments.Locator.class).ifPresent(v -> byId.put(v.value().id(), v.value()));
        }
        List<NamedLocator> out = new ArrayList<>();
        for (Locator l : locators.list()) {
            ArmDocuments.Locator side = byId.get(l.id());
            out.add(new NamedLocator(side != null ? side.name() : l.id(), l, side));
        }
        return out;
    }

    ArmResponse putLocator(Call c, String name) {
        if (!RESOURCE_NAME.matcher(name).matches()) {
            throw badRequest("streaming locator names are 1-64 letters, digits, '.', '_' or '-', starting and ending with a letter or digit");
        }
        JsonNode props = body(c).path("properties");
        String assetName = text(props, "assetName");
        if (assetName == null) throw badRequest("properties.assetName is required");
        String policyName = text(props, "streamingPolicyName");
        if (policyName == null) throw badRequest("properties.streamingPolicyName is required");
        String policy = PREDEFINED_POLICIES.get(predefinedName(policyName));
        if (text(props, "startTime") != null || text(props, "endTime") != null) {
            throw notSupported("a locator's startTime and endTime: a locator serves until it is deleted");
        }
        if (text(props, "streamingLocatorId") != null) throw notSupported("choosing streamingLocatorId: livepipe's ids are 128 random bits, made for you");
        if (props.path("contentKeys").isArray() && !props.path("contentKeys").isEmpty()) {
            throw notSupported("contentKeys: livepipe makes and wraps the content keys itself");
        }
        if (props.path("filters").isArray() && !props.path("filters").isEmpty()) throw notSupported("filters");
        String keyPolicy = text(props, "defaultContentKeyPolicyName");
        if (keyPolicy != null && policy.equals("clear")) throw badRequest("a clear streaming policy takes no defaultContentKeyPolicyName");
        if (docs.read(ArmDocuments.Locator.path(name), ArmDocuments.Locator.class).isPresent()) {
            throw ArmRefusal.conflict("The streaming locator '" + name + "' already exists.");
        }
        if (!ASSET_NAME.matcher(assetName).matches() || archive.findAsset(assetName).isEmpty()) {
            if (ASSET_NAME.matcher(assetName).matches() && docs.read(ArmDocuments.Asset.path(assetName), ArmDocuments.Asset.class).isPresent()) {
                throw badRequest("asset " + assetName + " holds nothing yet: publish it once a live output records into it");
            }
            throw ArmRefusal.notFound("Microsoft.Media/mediaservices/assets", assetName);
        }
        Locator l = locators.create(new LocatorRequest(assetName, policy, null, null, keyPolicy, null));
        ArmDocuments.Locator side = new ArmDocuments.Locator(name, l.id(), predefinedName(policyName), keyPolicy, l.created());
        try {
            docs.create(ArmDocuments.Locator.path(name), side);
        } catch (PreconditionFailedException e) {
            locators.delete(l.id());
            throw ArmRefusal.conflict("The streaming locator '" + name + "' already exists.");
        }
        LOG.info(() -> "event=arm_locator_created asset=" + assetName + " policy=" + policy);
        return ok(201, locator(c, new NamedLocator(name, l, side)));
    }

    ArmResponse deleteLocator(String name) {
        if (!RESOURCE_NAME.matcher(name).matches()) return new ArmResponse(204, Map.of(), null);
        Optional<ArmDocuments.Locator> side = docs.read(ArmDocuments.Locator.path(name), ArmDocuments.Locator.class).map(Versioned::value);
        String id = side.map(ArmDocuments.Locator::id).orElse(name);
        boolean existed = LocatorService.ID.matcher(id).matches() && locators.find(id).isPresent();
        if (LocatorService.ID.matcher(id).matches()) locators.delete(id);
        side.ifPresent(s -> docs.store().delete(ArmDocuments.Locator.path(name), io.livepipe.storage.Condition.none()));
        return new ArmResponse(existed || side.isPresent() ? 200 : 204, Map.of(), null);
    }

    ObjectNode locator(Call c, NamedLocator nl) {
        Locator l = nl.locator();
        ObjectNode o = resource(c, "/streamingLocators/" + nl.name(), nl.name(), "Microsoft.Media/mediaservices/streamingLocators");
        ObjectNode p = o.putObject("properties");
        p.put("assetName", l.assetName());
        p.put("created", l.created().toString());
        p.put("streamingLocatorId", guid(l.id()));
        p.put("streamingPolicyName", nl.side() != null ? nl.side().streamingPolicyName() : policyNameOf(l.streamingPolicy()));
        if (l.contentKeyPolicyName() != null) p.put("defaultContentKeyPolicyName", l.contentKeyPolicyName());
        p.putArray("contentKeys");
        p.putArray("filters");
        return o;
    }

    /** {@code listPaths}: the streaming paths livepipe serves the locator at, as {@link StreamingPath} lists them. */
    ArmResponse listPaths(NamedLocator nl) {
        ObjectNode body = NODES.objectNode();
        body.set("streamingPaths", JSON.valueToTree(StreamingPath.of(nl.locator())));
        body.putArray("downloadPaths");
        return ok(200, body);
    }

    ArmResponse listContentKeys(NamedLocator nl) {
        ObjectNode body = NODES.objectNode();
        body.set("contentKeys", JSON.valueToTree(contentKeyPolicies.contentKeys(nl.locator())));
        return ok(200, body);
    }
}
