package io.livepipe.arm;

import static io.livepipe.arm.ArmJson.NODES;
import static io.livepipe.arm.ArmJson.clip;
import static io.livepipe.arm.ArmJson.resource;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.livepipe.arm.ArmApi.Call;
import java.util.LinkedHashMap;
import java.util.Map;

/** The predefined streaming policies as the retired service had them, each a livepipe policy word; custom ones are refused. */
final class ArmStreamingPolicies {
    /** Streaming policies as the retired service predefined them, with the livepipe policy word each is. */
    static final Map<String, String> PREDEFINED_POLICIES = predefined();

    private ArmStreamingPolicies() { }

    private static Map<String, String> predefined() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("Predefined_ClearStreamingOnly", "clear");
        m.put("Predefined_DownloadAndClearStreaming", "clear");
        m.put("Predefined_ClearKey", "envelope");
        m.put("Predefined_MultiDrmCencStreaming", "cenc");
        m.put("Predefined_MultiDrmStreaming", "cbcs");
        return java.util.Collections.unmodifiableMap(m);
    }

    static String predefinedName(String name) {
        for (String p : PREDEFINED_POLICIES.keySet()) if (p.equalsIgnoreCase(name)) return p;
        throw ArmRefusal.notFound("Microsoft.Media/mediaservices/streamingPolicies", clip(name));
    }

    static String policyNameOf(String livepipePolicy) {
        return switch (livepipePolicy) {
            case "envelope" -> "Predefined_ClearKey";
            case "cenc" -> "Predefined_MultiDrmCencStreaming";
            case "cbcs" -> "Predefined_MultiDrmStreaming";
            default -> "Predefined_ClearStreamingOnly";
        };
    }

    static ObjectNode streamingPolicy(Call c, String name) {
        ObjectNode o = resource(c, "/streamingPolicies/" + name, name, "Microsoft.Media/mediaservices/streamingPolicies");
        ObjectNode p = o.putObject("properties");
        p.put("created", "2018-07-01T00:00:00Z");
        String policy = PREDEFINED_POLICIES.get(name);
        ObjectNode protocols = NODES.objectNode().put("download", name.contains("Download")).put("dash", !policy.equals("envelope"))
                .put("hls", true).put("smoothStreaming", false);
        switch (policy) {
            case "envelope" -> p.putObject("envelopeEncryption").set("enabledProtocols", protocols);
            case "cenc" -> {
                ObjectNode cenc = p.putObject("commonEncryptionCenc");
                cenc.set("enabledProtocols", protocols);
                ObjectNode drm = cenc.putObject("drm");
                drm.putObject("widevine");
                drm.putObject("playReady");
            }
            case "cbcs" -> {
                ObjectNode cbcs = p.putObject("commonEncryptionCbcs");
                cbcs.set("enabledProtocols", protocols);
                cbcs.putObject("drm").putObject("fairPlay").put("allowPersistentLicense", false);
            }
            default -> p.putObject("noEncryption").set("enabledProtocols", protocols);
        }
        return o;
    }
}
