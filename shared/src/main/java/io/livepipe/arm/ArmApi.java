package io.livepipe.arm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.livepipe.archive.ArchiveService;
import io.livepipe.archive.Program;
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
import io.livepipe.http.Problem;
import io.livepipe.http.Refusal;
import io.livepipe.json.JsonInput;
import io.livepipe.json.MalformedJsonException;
import io.livepipe.storage.JsonDocuments;
import io.livepipe.storage.PreconditionFailedException;
import io.livepipe.storage.Versioned;
import io.livepipe.streaming.AssetDeletion;
import io.livepipe.streaming.Locator;
import io.livepipe.streaming.LocatorRequest;
import io.livepipe.streaming.LocatorService;
import io.livepipe.streaming.StreamingPath;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * The ARM face's requests, answered from livepipe's services: routing (case-insensitive, empty
 * segments ignored), the bearer check, the api-version check, the resources' JSON both ways, and
 * long-running operations. See the package documentation for the contract it follows.
 */
public final class ArmApi {
    private static final Logger LOG = Logger.getLogger(ArmApi.class.getName());
    /** The api-versions of AMS v3 a client may send: the SDK 2.4.0's (2022-08-01, 2022-11-01, 2023-01-01) and the earlier GA ones. */
    public static final Set<String> API_VERSIONS = Set.of("2018-07-01", "2020-05-01", "2021-05-01", "2021-06-01", "2021-11-01",
            "2022-08-01", "2022-11-01", "2023-01-01");
    static final Pattern ASSET_NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    static final Pattern RESOURCE_NAME = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9._-]{0,62}[A-Za-z0-9])?");
    static final String DEFAULT_ENDPOINT = "default";
    /** Streaming policies as the retired service predefined them, with the livepipe policy word each is. */
    static final Map<String, String> PREDEFINED_POLICIES = predefined();
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule());
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    /** Where an account's resources are (LIVEPIPE_AMS_*): empty fields accept any. */
    public record Account(String subscriptionId, String resourceGroup, String accountName) {
        public boolean fixed() { return !subscriptionId.isEmpty() && !resourceGroup.isEmpty() && !accountName.isEmpty(); }

        /** {@code /subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.Media/mediaservices/{account}}, Event Grid's topic of AMS events. */
        public String resourceId() {
            return "/subscriptions/" + subscriptionId + "/resourceGroups/" + resourceGroup + "/providers/Microsoft.Media/mediaservices/" + accountName;
        }
    }

    private final ChannelService channels;
    private final ArchiveService archive;
    private final LocatorService locators;
    private final AssetDeletion assetDeletion;
    private final JsonDocuments docs;
    private final Supplier<SecretSeal> seal;
    private final ArmBearer bearer;
    private final ArmContentKeyPolicies contentKeyPolicies;
    private final Account account;
    private final String streamingHostName;
    private final Clock clock;

    public ArmApi(ChannelService channels, ArchiveService archive, LocatorService locators, AssetDeletion assetDeletion,
                  JsonDocuments docs, Supplier<SecretSeal> seal, ArmBearer bearer, ArmContentKeyPolicies contentKeyPolicies,
                  Account account, String streamingHostName, Clock clock) {
        this.channels = channels;
        this.archive = archive;
        this.locators = locators;
        this.assetDeletion = assetDeletion;
        this.docs = docs;
        this.seal = seal;
        this.bearer = bearer;
        this.contentKeyPolicies = contentKeyPolicies;
        this.account = account;
        this.streamingHostName = streamingHostName;
        this.clock = clock;
    }

    /** Answers one call; every refusal is ARM's error shape, every outside failure a 4xx. */
    public ArmResponse handle(ArmRequest r) {
        try {
            bearer.check(r.authorization());
            Route route = Route.parse(r.path());
            String version = r.query().get("api-version");
            if (version == null) {
                throw ArmRefusal.of(400, "MissingApiVersionParameter", "The api-version query parameter (?api-version=) is required for all requests.");
            }
            if (!API_VERSIONS.contains(version)) {
                throw ArmRefusal.of(400, "InvalidApiVersionParameter", "The api-version '" + clip(version)
                        + "' is invalid. The supported versions are '" + String.join(",", new java.util.TreeSet<>(API_VERSIONS)) + "'.");
            }
            if (account.fixed() && !(route.subscription().equalsIgnoreCase(account.subscriptionId())
                    && route.resourceGroup().equalsIgnoreCase(account.resourceGroup()) && route.account().equalsIgnoreCase(account.accountName()))) {
                throw ArmRefusal.notFound("Microsoft.Media/mediaservices", route.account());
            }
            Call c = new Call(r, route, version, accountUrl(r.baseUrl(), route));
            return dispatch(c);
        } catch (MalformedJsonException e) {
            return error(400, "InvalidRequestContent", "The request content was invalid and could not be deserialized: " + e.getMessage());
        } catch (Refusal e) {
            Problem.logServerFault(e);
            return error(e.status(), e.code() != null ? e.code() : codeOf(e.status()), e.getMessage());
        }
    }

    /** A call being answered: its request, route, api-version and the account's absolute URL. */
    record Call(ArmRequest request, Route route, String version, String accountUrl) {
        String method() { return request.method().toUpperCase(Locale.ROOT); }

        String id(String rest) { return route.accountId() + rest; }
    }

    /**
     * The parts of an ARM path: {@code subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.Media/mediaservices/{account}}
     * and the segments after it; literal segments match in any case, empty segments ({@code //}) are dropped.
     */
    record Route(String subscription, String resourceGroup, String account, List<String> rest) {
        static Route parse(String path) {
            List<String> s = new ArrayList<>();
            for (String p : path.split("/")) if (!p.isEmpty()) s.add(p);
            if (s.size() < 8 || !s.get(0).equalsIgnoreCase("subscriptions") || !s.get(2).equalsIgnoreCase("resourceGroups")
                    || !s.get(4).equalsIgnoreCase("providers") || !s.get(5).equalsIgnoreCase("Microsoft.Media")
                    || !s.get(6).equalsIgnoreCase("mediaservices")) {
                throw ArmRefusal.of(404, "InvalidResourceType", "No Microsoft.Media resource on this path; the paths are "
                        + "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Media/mediaservices/{accountName}/...");
            }
            if (s.size() > 12) throw ArmRefusal.of(404, "InvalidResourceType", "No Microsoft.Media resource on this path.");
            return new Route(s.get(1), s.get(3), s.get(7), List.copyOf(s.subList(8, s.size())));
        }

        String accountId() {
            return "/subscriptions/" + subscription + "/resourceGroups/" + resourceGroup + "/providers/Microsoft.Media/mediaservices/" + account;
        }

        boolean is(int i, String literal) { return rest.size() > i && rest.get(i).equalsIgnoreCase(literal); }
    }

    private static String accountUrl(String baseUrl, Route route) {
        String b = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        return b + route.accountId();
    }

    private ArmResponse dispatch(Call c) {
        List<String> rest = c.route().rest();
        String m = c.method();
        int n = rest.size();
        if (n == 0) {
            if (m.equals("GET")) return ok(200, account(c));
            throw methodNotAllowed(m);
        }
        String type = rest.get(0).toLowerCase(Locale.ROOT);
        switch (type) {
            case "liveevents" -> {
                if (n == 1 && m.equals("GET")) return ok(200, list(channels.list().stream().map(ch -> liveEvent(c, ch)).toList()));
                if (n == 2) return switch (m) {
                    case "GET" -> ok(200, liveEvent(c, channels.get(name(rest.get(1)))));
                    case "PUT" -> putLiveEvent(c, rest.get(1), false);
                    case "PATCH" -> putLiveEvent(c, rest.get(1), true);
                    case "DELETE" -> deleteLiveEvent(c, rest.get(1));
                    default -> throw methodNotAllowed(m);
                };
                if (n == 3 && m.equals("POST")) return liveEventAction(c, rest.get(1), rest.get(2));
                if (n == 3 && c.route().is(2, "liveOutputs") && m.equals("GET")) {
                    String ev = channels.get(name(rest.get(1))).name();
                    return ok(200, list(archive.programs(ev).stream().map(p -> liveOutput(c, p)).toList()));
                }
                if (n == 4 && c.route().is(2, "liveOutputs")) return switch (m) {
                    case "GET" -> ok(200, liveOutput(c, archive.program(name(rest.get(1)), rest.get(3))));
                    case "PUT" -> putLiveOutput(c, rest.get(1), rest.get(3));
                    case "DELETE" -> deleteLiveOutput(c, rest.get(1), rest.get(3));
                    default -> throw methodNotAllowed(m);
                };
            }
            case "assets" -> {
                if (n == 1 && m.equals("GET")) return ok(200, list(assets(c)));
                if (n == 2) return switch (m) {
                    case "GET" -> ok(200, asset(c, rest.get(1)).orElseThrow(() -> ArmRefusal.notFound("Microsoft.Media/mediaservices/assets", rest.get(1))));
                    case "PUT" -> putAsset(c, rest.get(1));
                    case "DELETE" -> deleteAsset(rest.get(1));
                    default -> throw methodNotAllowed(m);
                };
                if (n == 3 && m.equals("POST") && c.route().is(2, "listStreamingLocators")) return listAssetLocators(c, rest.get(1));
                if (n == 3 && m.equals("POST")) throw notSupported(rest.get(2) + " on assets");
            }
            case "streaminglocators" -> {
                if (n == 1 && m.equals("GET")) return ok(200, list(namedLocators().stream().map(l -> locator(c, l)).toList()));
                if (n == 2) return switch (m) {
                    case "GET" -> ok(200, locator(c, namedLocator(rest.get(1))));
                    case "PUT" -> putLocator(c, rest.get(1));
                    case "DELETE" -> deleteLocator(rest.get(1));
                    default -> throw methodNotAllowed(m);
                };
                if (n == 3 && m.equals("POST") && c.route().is(2, "listPaths")) return listPaths(namedLocator(rest.get(1)));
                if (n == 3 && m.equals("POST") && c.route().is(2, "listContentKeys")) return listContentKeys(namedLocator(rest.get(1)));
            }
            case "streamingpolicies" -> {
                if (n == 1 && m.equals("GET")) return ok(200, list(PREDEFINED_POLICIES.keySet().stream().map(p -> streamingPolicy(c, p)).toList()));
                if (n == 2) return switch (m) {
                    case "GET" -> ok(200, streamingPolicy(c, predefinedName(rest.get(1))));
                    case "PUT" -> throw notSupported("custom streaming policies (use the Predefined_ ones: " + String.join(", ", PREDEFINED_POLICIES.keySet()) + ")");
                    case "DELETE" -> throw badRequest("the predefined streaming policies cannot be deleted");
                    default -> throw methodNotAllowed(m);
                };
            }
            case "contentkeypolicies" -> {
                if (n == 1 && m.equals("GET")) return ok(200, list(contentKeyPolicies.list(c)));
                if (n == 2) return switch (m) {
                    case "GET" -> ok(200, contentKeyPolicies.get(c, rest.get(1), false));
                    case "PUT" -> contentKeyPolicies.put(c, rest.get(1), body(c));
                    case "DELETE" -> contentKeyPolicies.delete(rest.get(1));
                    default -> throw methodNotAllowed(m);
                };
                if (n == 3 && m.equals("POST") && c.route().is(2, "getPolicyPropertiesWithSecrets")) {
                    return ok(200, (ObjectNode) contentKeyPolicies.get(c, rest.get(1), true).get("properties"));
                }
            }
            case "streamingendpoints" -> {
                if (n == 1 && m.equals("GET")) return ok(200, list(List.of(streamingEndpoint(c))));
                if (n == 2) {
                    endpointName(rest.get(1));
                    return switch (m) {
                        case "GET" -> ok(200, streamingEndpoint(c));
                        case "PUT", "PATCH", "DELETE" -> throw notSupported("creating, changing or deleting streaming endpoints: the one endpoint, "
                                + DEFAULT_ENDPOINT + ", is livepipe's streaming route");
                        default -> throw methodNotAllowed(m);
                    };
                }
                if (n == 3 && m.equals("POST")) {
                    endpointName(rest.get(1));
                    return switch (rest.get(2).toLowerCase(Locale.ROOT)) {
                        case "start" -> accepted(c);
                        case "stop", "scale" -> throw notSupported(rest.get(2) + " on the streaming endpoint: it serves whenever the platform runs and scales with it");
                        default -> throw ArmRefusal.notFound("action", rest.get(2));
                    };
                }
            }
            case "operationstatuses" -> {
                if (n == 2 && m.equals("GET")) return ok(200, operation(rest.get(1)));
            }
            case "operationresults" -> {
                if (n == 2 && m.equals("GET")) {
                    operation(rest.get(1));
                    return new ArmResponse(204, Map.of("Cache-Control", "no-store"), null);
                }
            }
            default -> { }
        }
        throw ArmRefusal.of(404, "InvalidResourceType", "The resource type '" + clip(rest.get(0))
                + "' (or this action on it) is not one livepipe's Microsoft.Media face has.");
    }

    // ---- live events -------------------------------------------------------------------------

    private ArmResponse putLiveEvent(Call c, String rawName, boolean patch) {
        String name = name(rawName);
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

    private ArmResponse liveEventAction(Call c, String rawName, String action) {
        String name = name(rawName);
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
                    for (Program p : archive.programs(name)) removeOutput(name, p.name());
                }
                channels.stop(name);
            }
            case "reset" -> channels.reset(name);
            // nothing is allocated ahead in livepipe: a stopped channel starts at once, so allocate has nothing to do
            case "allocate" -> channels.get(name);
            default -> throw ArmRefusal.notFound("action", action);
        }
        return accepted(c);
    }

    private ArmResponse deleteLiveEvent(Call c, String rawName) {
        String name = name(rawName);
        if (channels.findByName(name).isEmpty()) return new ArmResponse(204, Map.of(), null);
        for (Program p : archive.programs(name)) removeOutput(name, p.name());
        channels.stop(name);
        channels.delete(name);
        docs.store().delete(ArmDocuments.LiveEvent.path(name), io.livepipe.storage.Condition.none());
        return accepted(c);
    }

    private ObjectNode liveEvent(Call c, Channel ch) {
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

    // ---- live outputs ------------------------------------------------------------------------

    private ArmResponse putLiveOutput(Call c, String rawEvent, String name) {
        String event = name(rawEvent);
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

    private ArmResponse deleteLiveOutput(Call c, String rawEvent, String name) {
        String event = name(rawEvent);
        if (findProgram(event, name).isEmpty()) return new ArmResponse(204, Map.of(), null);
        removeOutput(event, name);
        return accepted(c);
    }

    /** As deleting a live output did: the recording ends, the asset stays (as VOD), the output is gone. */
    private void removeOutput(String event, String name) {
        archive.stop(event, name);
        archive.deleteProgram(event, name);
        docs.store().delete(ArmDocuments.LiveOutput.path(event, name), io.livepipe.storage.Condition.none());
    }

    private ObjectNode liveOutput(Call c, Program p) {
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

    // ---- assets ------------------------------------------------------------------------------

    private ArmResponse putAsset(Call c, String name) {
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

    private ArmResponse deleteAsset(String name) {
        if (!ASSET_NAME.matcher(name).matches()) return new ArmResponse(204, Map.of(), null);
        AssetDeletion.Deleted d = assetDeletion.delete(name);
        boolean side = docs.store().delete(ArmDocuments.Asset.path(name), io.livepipe.storage.Condition.none());
        return new ArmResponse(d.asset() || side ? 200 : 204, Map.of(), null);
    }

    private List<ObjectNode> assets(Call c) {
        Map<String, ObjectNode> out = new LinkedHashMap<>();
        for (io.livepipe.archive.Asset a : archive.assets()) asset(c, a.name()).ifPresent(o -> out.put(a.name(), o));
        for (var b : docs.store().list(ArmDocuments.PREFIX + "assets/")) {
            String n = b.path().substring((ArmDocuments.PREFIX + "assets/").length()).replaceFirst("\\.json$", "");
            if (!out.containsKey(n) && ASSET_NAME.matcher(n).matches()) asset(c, n).ifPresent(o -> out.put(n, o));
        }
        return new ArrayList<>(out.values());
    }

    private Optional<ObjectNode> asset(Call c, String name) {
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

    private ArmResponse listAssetLocators(Call c, String name) {
        asset(c, name).orElseThrow(() -> ArmRefusal.notFound("Microsoft.Media/mediaservices/assets", name));
        ArrayNode out = NODES.arrayNode();
        for (NamedLocator l : namedLocators()) {
            if (!l.locator().assetName().equals(name)) continue;
            ObjectNode o = out.addObject();
            ObjectNode props = (ObjectNode) locator(c, l).get("properties");
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

    // ---- streaming locators ------------------------------------------------------------------

    /** A locator with the name ARM knows it by: its own for those made through ARM, else its id. */
    record NamedLocator(String name, Locator locator, ArmDocuments.Locator side) { }

    private NamedLocator namedLocator(String name) {
        if (!RESOURCE_NAME.matcher(name).matches()) throw ArmRefusal.notFound("Microsoft.Media/mediaservices/streamingLocators", clip(name));
        Optional<ArmDocuments.Locator> side = docs.read(ArmDocuments.Locator.path(name), ArmDocuments.Locator.class).map(Versioned::value);
        String id = side.map(ArmDocuments.Locator::id).orElse(name);
        return locators.find(id).map(l -> new NamedLocator(name, l, side.orElse(null)))
                .orElseThrow(() -> ArmRefusal.notFound("Microsoft.Media/mediaservices/streamingLocators", name));
    }

    private List<NamedLocator> namedLocators() {
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

    private ArmResponse putLocator(Call c, String name) {
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

    private ArmResponse deleteLocator(String name) {
        if (!RESOURCE_NAME.matcher(name).matches()) return new ArmResponse(204, Map.of(), null);
        Optional<ArmDocuments.Locator> side = docs.read(ArmDocuments.Locator.path(name), ArmDocuments.Locator.class).map(Versioned::value);
        String id = side.map(ArmDocuments.Locator::id).orElse(name);
        boolean existed = LocatorService.ID.matcher(id).matches() && locators.find(id).isPresent();
        if (LocatorService.ID.matcher(id).matches()) locators.delete(id);
        side.ifPresent(s -> docs.store().delete(ArmDocuments.Locator.path(name), io.livepipe.storage.Condition.none()));
        return new ArmResponse(existed || side.isPresent() ? 200 : 204, Map.of(), null);
    }

    private ObjectNode locator(Call c, NamedLocator nl) {
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
    private ArmResponse listPaths(NamedLocator nl) {
        ObjectNode body = NODES.objectNode();
        body.set("streamingPaths", JSON.valueToTree(StreamingPath.of(nl.locator())));
        body.putArray("downloadPaths");
        return ok(200, body);
    }

    private ArmResponse listContentKeys(NamedLocator nl) {
        ObjectNode body = NODES.objectNode();
        body.set("contentKeys", JSON.valueToTree(contentKeyPolicies.contentKeys(nl.locator())));
        return ok(200, body);
    }

    static String guid(String hex) {
        return hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-" + hex.substring(16, 20) + "-" + hex.substring(20);
    }

    // ---- streaming policies ------------------------------------------------------------------

    private static Map<String, String> predefined() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("Predefined_ClearStreamingOnly", "clear");
        m.put("Predefined_DownloadAndClearStreaming", "clear");
        m.put("Predefined_ClearKey", "envelope");
        m.put("Predefined_MultiDrmCencStreaming", "cenc");
        m.put("Predefined_MultiDrmStreaming", "cbcs");
        return java.util.Collections.unmodifiableMap(m);
    }

    private static String predefinedName(String name) {
        for (String p : PREDEFINED_POLICIES.keySet()) if (p.equalsIgnoreCase(name)) return p;
        throw ArmRefusal.notFound("Microsoft.Media/mediaservices/streamingPolicies", clip(name));
    }

    private static String policyNameOf(String livepipePolicy) {
        return switch (livepipePolicy) {
            case "envelope" -> "Predefined_ClearKey";
            case "cenc" -> "Predefined_MultiDrmCencStreaming";
            case "cbcs" -> "Predefined_MultiDrmStreaming";
            default -> "Predefined_ClearStreamingOnly";
        };
    }

    private ObjectNode streamingPolicy(Call c, String name) {
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

    // ---- streaming endpoint, account, operations ----------------------------------------------

    private static void endpointName(String name) {
        if (!name.equalsIgnoreCase(DEFAULT_ENDPOINT)) throw ArmRefusal.notFound("Microsoft.Media/mediaservices/streamingEndpoints", clip(name));
    }

    private ObjectNode streamingEndpoint(Call c) {
        ObjectNode o = resource(c, "/streamingEndpoints/" + DEFAULT_ENDPOINT, DEFAULT_ENDPOINT, "Microsoft.Media/mediaservices/streamingEndpoints");
        o.put("location", "global");
        o.putObject("tags");
        ObjectNode p = o.putObject("properties");
        p.put("description", "livepipe's streaming route: dynamic packaging of every locator's asset");
        p.put("scaleUnits", 0);
        p.put("hostName", streamingHostName);
        p.putArray("customHostNames");
        p.put("cdnEnabled", false);
        p.put("provisioningState", "Succeeded");
        p.put("resourceState", "Running");
        p.put("created", "2018-07-01T00:00:00Z");
        p.put("lastModified", "2018-07-01T00:00:00Z");
        o.putObject("sku").put("name", "Standard").put("capacity", 600);
        return o;
    }

    private ObjectNode account(Call c) {
        ObjectNode o = NODES.objectNode();
        o.put("id", c.route().accountId());
        o.put("name", c.route().account());
        o.put("type", "Microsoft.Media/mediaservices");
        o.put("location", "global");
        o.putObject("tags");
        ObjectNode p = o.putObject("properties");
        p.put("mediaServiceId", UUID.nameUUIDFromBytes(c.route().accountId().toLowerCase(Locale.ROOT).getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString());
        p.putArray("storageAccounts");
        p.put("provisioningState", "Succeeded");
        p.put("publicNetworkAccess", "Enabled");
        return o;
    }

    /**
     * 202 Accepted for a long-running operation that has already finished: the operation resource
     * the client polls ({@code Azure-AsyncOperation}) says Succeeded, its result ({@code Location})
     * is 204; {@code Retry-After: 1} keeps the client from waiting its default 30 s first.
     */
    private ArmResponse accepted(Call c) {
        String id = UUID.randomUUID().toString();
        Instant now = clock.instant();
        docs.put(ArmDocuments.Operation.path(id), new ArmDocuments.Operation(id, "Succeeded", now, now));
        String q = "?api-version=" + c.version();
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Azure-AsyncOperation", c.accountUrl() + "/operationStatuses/" + id + q);
        h.put("Location", c.accountUrl() + "/operationResults/" + id + q);
        h.put("Retry-After", "1");
        h.put("Cache-Control", "no-store");
        return new ArmResponse(202, h, null);
    }

    private ObjectNode operation(String id) {
        try {
            UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ArmRefusal.notFound("operation", clip(id));
        }
        ArmDocuments.Operation op = docs.read(ArmDocuments.Operation.path(id.toLowerCase(Locale.ROOT)), ArmDocuments.Operation.class)
                .map(Versioned::value).orElseThrow(() -> ArmRefusal.notFound("operation", id));
        ObjectNode o = NODES.objectNode();
        o.put("name", op.id());
        o.put("id", op.id());
        o.put("status", op.status());
        o.put("startTime", op.startTime().toString());
        o.put("endTime", op.endTime().toString());
        return o;
    }

    // ---- helpers -----------------------------------------------------------------------------

    static ObjectNode resource(Call c, String rest, String name, String type) {
        ObjectNode o = NODES.objectNode();
        o.put("id", c.id(rest));
        o.put("name", name);
        o.put("type", type);
        return o;
    }

    private static ObjectNode list(List<ObjectNode> values) {
        ObjectNode o = NODES.objectNode();
        o.putArray("value").addAll(values);
        return o;
    }

    static JsonNode body(Call c) {
        JsonNode n = JsonInput.parse(c.request().body(), JsonNode.class);
        if (!n.isObject()) throw new MalformedJsonException("a JSON object is required");
        JsonNode props = n.get("properties");
        if (props != null && !props.isObject() && !props.isNull()) throw new MalformedJsonException("properties must be an object");
        return n;
    }

    static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) return null;
        if (!v.isTextual()) throw badRequest(field + " must be a string");
        return v.asText();
    }

    private static Duration duration(JsonNode n, String field) {
        String v = text(n, field);
        if (v == null) return null;
        try {
            return Duration.parse(v);
        } catch (DateTimeParseException e) {
            throw badRequest(field + " must be an ISO 8601 duration such as PT2S");
        }
    }

    private static Map<String, String> tags(JsonNode body) {
        JsonNode t = body.get("tags");
        if (t == null || t.isNull()) return null;
        if (!t.isObject() || t.size() > 50) throw badRequest("tags must be an object of at most 50 strings");
        Map<String, String> out = new LinkedHashMap<>();
        t.fields().forEachRemaining(e -> {
            if (!e.getValue().isTextual() || e.getKey().length() > 512 || e.getValue().asText().length() > 256) {
                throw badRequest("tags must be an object of at most 50 strings");
            }
            out.put(e.getKey(), e.getValue().asText());
        });
        return out;
    }

    /** A live event name as AMS had them (1-32 letters, digits, inner hyphens), else 400. */
    private static String name(String n) {
        if (!ChannelName.isValid(n)) throw badRequest("live event names are 1-32 letters or digits, with hyphens only inside");
        return n;
    }

    static Refusal badRequest(String message) { return ArmRefusal.badRequest(message); }

    static Refusal notSupported(String what) { return ArmRefusal.of(400, "NotSupported", "livepipe does not support " + what + "."); }

    private static Refusal methodNotAllowed(String m) {
        return ArmRefusal.of(405, "MethodNotAllowed", "The method " + clip(m) + " is not allowed on this resource.");
    }

    static String codeOf(int status) {
        return switch (status) {
            case 404 -> "ResourceNotFound";
            case 409 -> "Conflict";
            case 401 -> "AuthenticationFailed";
            case 403 -> "AuthorizationFailed";
            default -> status >= 500 ? "InternalServerError" : "BadRequest";
        };
    }

    /** Outside text quoted in an error message, bounded. */
    static String clip(String s) {
        String t = s.replaceAll("[^\\x20-\\x7e]", "?");
        return t.length() > 64 ? t.substring(0, 64) + "..." : t;
    }

    static ArmResponse ok(int status, ObjectNode body) {
        return new ArmResponse(status, Map.of("Content-Type", "application/json; charset=utf-8", "Cache-Control", "no-store"), write(body));
    }

    static ArmResponse error(int status, String code, String message) {
        ObjectNode o = NODES.objectNode();
        o.putObject("error").put("code", code).put("message", message);
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Content-Type", "application/json; charset=utf-8");
        h.put("Cache-Control", "no-store");
        h.put("x-ms-failure-cause", status >= 500 ? "service" : "gateway");
        if (status == 401) h.put("WWW-Authenticate", "Bearer error=\"invalid_token\"");
        return new ArmResponse(status, h, write(o));
    }

    static String write(JsonNode n) {
        try {
            return JSON.writeValueAsString(n);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
