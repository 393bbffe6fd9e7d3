package io.livepipe.arm;

import static io.livepipe.arm.ArmJson.ASSET_NAME;
import static io.livepipe.arm.ArmJson.NODES;
import static io.livepipe.arm.ArmJson.body;
import static io.livepipe.arm.ArmJson.ok;
import static io.livepipe.arm.ArmJson.resource;
import static io.livepipe.arm.ArmJson.text;
import static io.livepipe.arm.ArmRefusal.badRequest;
import static io.livepipe.arm.ArmRefusal.notSupported;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.livepipe.archive.ArchiveService;
import io.livepipe.arm.ArmApi.Call;
import io.livepipe.storage.JsonDocuments;
import io.livepipe.storage.PreconditionFailedException;
import io.livepipe.storage.Versioned;
import io.livepipe.streaming.AssetDeletion;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Assets in AMS's shape: an asset made before anything records into it (kept beside the archive under {@code arm/}), the archive's recorded ones, their locators. */
record ArmAssets(ArchiveService archive, AssetDeletion assetDeletion, JsonDocuments docs, ArmLocators streamingLocators, Clock clock) {
    ArmResponse putAsset(Call c, String name) {
        if (!ASSET_NAME.matcher(name).matches()) throw badRequest("asset names are 1-64 letters, digits, '.', '_' or '-'");
        JsonNode props = c.request().body() == null || c.request().body().isBlank() ? NODES.objectNode() : body(c).path("properties");
        String container = text(props, "container");
        if (container != null) throw notSupported("properties.container: livepipe keeps segments where the channel wrote them");
        Optional<ArmDocuments.Asset> side = docs.read(ArmDocuments.Asset.path(name), ArmDocuments.Asset.class).map(Versioned::value);
        boolean exists = side.isPresent() || archive.findAsset(name).isPresent();
        ArmDocuments.Asset doc = new ArmDocuments.Asset(name, side.map(ArmDocuments.Asset::assetId).orElse(UUID.randomUUID().toString()),
                text(props, "description"), text(props, "alternateId"), side.map(ArmDocuments.Asset::created).orElse(clock.instant()));
        if (side.isEmpty() && !exists) {
            try {
                docs.create(ArmDocuments.Asset.path(name), doc);
            } catch (PreconditionFailedException e) {
                docs.put(ArmDocuments.Asset.path(name), doc);
            }
        } else {
            docs.put(ArmDocuments.Asset.path(name), doc);
        }
        return ok(exists ? 200 : 201, asset(c, name).orElseThrow());
    }

    ArmResponse deleteAsset(String name) {
        if (!ASSET_NAME.matcher(name).matches()) return new ArmResponse(204, Map.of(), null);
        AssetDeletion.Deleted d = assetDeletion.delete(name);
        boolean side = docs.store().delete(ArmDocuments.Asset.path(name), io.livepipe.storage.Condition.none());
        return new ArmResponse(d.asset() || side ? 200 : 204, Map.of(), null);
    }

    List<ObjectNode> assets(Call c) {
        Map<String, ObjectNode> out = new LinkedHashMap<>();
        for (io.livepipe.archive.Asset a : archive.assets()) asset(c, a.name()).ifPresent(o -> out.put(a.name(), o));
        for (var b : docs.store().list(ArmDocuments.PREFIX + "assets/")) {
            String n = b.path().substring((ArmDocuments.PREFIX + "assets/").length()).replaceFirst("\\.json$", "");
            if (!out.containsKey(n) && ASSET_NAME.matcher(n).matches()) asset(c, n).ifPresent(o -> out.put(n, o));
        }
        return new ArrayList<>(out.values());
    }

    Optional<ObjectNode> asset(Call c, String name) {
        if (!ASSET_NAME.matcher(name).matches()) return Optional.empty();
        Optional<ArmDocuments.Asset> side = docs.read(ArmDocuments.Asset.path(name), ArmDocuments.Asset.class).map(Versioned::value);
        Optional<io.livepipe.archive.Asset> asset = archive.findAsset(name);
        if (side.isEmpty() && asset.isEmpty()) return Optional.empty();
        String id = side.map(ArmDocuments.Asset::assetId).orElse(UUID.nameUUIDFromBytes(name.getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString());
        Instant created = side.map(ArmDocuments.Asset::created).orElseGet(() -> asset.get().created());
        ObjectNode o = resource(c, "/assets/" + name, name, "Microsoft.Media/mediaservices/assets");
        ObjectNode p = o.putObject("properties");
        p.put("assetId", id);
        p.put("created", created.toString());
        p.put("lastModified", asset.map(a -> a.sealed() != null ? a.sealed() : a.created()).orElse(created).toString());
        side.map(ArmDocuments.Asset::alternateId).ifPresent(v -> p.put("alternateId", v));
        side.map(ArmDocuments.Asset::description).ifPresent(v -> p.put("description", v));
        p.put("container", "asset-" + id);
        p.put("storageEncryptionFormat", "None");
        return Optional.of(o);
    }

    ArmResponse listAssetLocators(Call c, String name) {
        asset(c, name).orElseThrow(() -> ArmRefusal.notFound("Microsoft.Media/mediaservices/assets", name));
        ArrayNode out = NODES.arrayNode();
        for (ArmLocators.NamedLocator l : streamingLocators.namedLocators()) {
            if (!l.locator().assetName().equals(name)) continue;
            ObjectNode o = out.addObject();
            ObjectNode props = (ObjectNode) streamingLocators.locator(c, l).get("properties");
            o.put("name", l.name());
            o.put("assetName", name);
            o.set("created", props.get("created"));
            o.set("streamingLocatorId", props.get("streamingLocatorId"));
            o.set("streamingPolicyName", props.get("streamingPolicyName"));
            if (props.has("defaultContentKeyPolicyName")) o.set("defaultContentKeyPolicyName", props.get("defaultContentKeyPolicyName"));
        }
        ObjectNode body = NODES.objectNode();
        body.set("streamingLocators", out);
        return ok(200, body);
    }
}
