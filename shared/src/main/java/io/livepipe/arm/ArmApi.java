package io.livepipe.arm;

import static io.livepipe.arm.ArmJson.NODES;
import static io.livepipe.arm.ArmJson.body;
import static io.livepipe.arm.ArmJson.clip;
import static io.livepipe.arm.ArmJson.eventName;
import static io.livepipe.arm.ArmJson.list;
import static io.livepipe.arm.ArmJson.ok;
import static io.livepipe.arm.ArmRefusal.badRequest;
import static io.livepipe.arm.ArmRefusal.methodNotAllowed;
import static io.livepipe.arm.ArmRefusal.notSupported;
import static io.livepipe.arm.ArmStreamingPolicies.PREDEFINED_POLICIES;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.livepipe.archive.ArchiveService;
import io.livepipe.channel.ChannelService;
import io.livepipe.channel.SecretSeal;
import io.livepipe.http.Refusal;
import io.livepipe.storage.JsonDocuments;
import io.livepipe.streaming.AssetDeletion;
import io.livepipe.streaming.LocatorService;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The ARM face's router: the bearer check, the api-version check and the account, then each
 * path (case-insensitive, empty segments ignored) to the class of its resource family —
 * {@link ArmLiveEvents}, {@link ArmLiveOutputs}, {@link ArmAssets}, {@link ArmLocators},
 * {@link ArmStreamingPolicies}, {@link ArmContentKeyPolicies}, {@link ArmStreamingEndpoints},
 * {@link ArmOperations}; every refusal answered in ARM's shape by {@link ArmRefusal}. See the
 * package documentation for the contract it follows.
 */
public final class ArmApi {
    /** The api-versions of AMS v3 a client may send: the SDK 2.4.0's (2022-08-01, 2022-11-01, 2023-01-01) and the earlier GA ones. */
    public static final Set<String> API_VERSIONS = Set.of("2018-07-01", "2020-05-01", "2021-05-01", "2021-06-01", "2021-11-01",
            "2022-08-01", "2022-11-01", "2023-01-01");

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
    private final ArmBearer bearer;
    private final ArmContentKeyPolicies contentKeyPolicies;
    private final Account account;
    private final ArmOperations operations;
    private final ArmLiveOutputs liveOutputs;
    private final ArmLiveEvents liveEvents;
    private final ArmLocators streamingLocators;
    private final ArmAssets assets;
    private final ArmStreamingEndpoints streamingEndpoints;

    public ArmApi(ChannelService channels, ArchiveService archive, LocatorService locators, AssetDeletion assetDeletion,
                  JsonDocuments docs, Supplier<SecretSeal> seal, ArmBearer bearer, ArmContentKeyPolicies contentKeyPolicies,
                  Account account, String streamingHostName, Clock clock) {
        this.channels = channels;
        this.archive = archive;
        this.bearer = bearer;
        this.contentKeyPolicies = contentKeyPolicies;
        this.account = account;
        this.operations = new ArmOperations(docs, clock);
        this.liveOutputs = new ArmLiveOutputs(channels, archive, docs, operations);
        this.liveEvents = new ArmLiveEvents(channels, archive, docs, seal, liveOutputs, operations);
        this.streamingLocators = new ArmLocators(locators, archive, docs, contentKeyPolicies);
        this.assets = new ArmAssets(archive, assetDeletion, docs, streamingLocators, clock);
        this.streamingEndpoints = new ArmStreamingEndpoints(streamingHostName);
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
        } catch (Refusal e) {
            return ArmRefusal.answer(e);
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
                if (n == 1 && m.equals("GET")) return ok(200, list(channels.list().stream().map(ch -> liveEvents.liveEvent(c, ch)).toList()));
                if (n == 2) return switch (m) {
                    case "GET" -> ok(200, liveEvents.liveEvent(c, channels.get(eventName(rest.get(1)))));
                    case "PUT" -> liveEvents.putLiveEvent(c, rest.get(1), false);
                    case "PATCH" -> liveEvents.putLiveEvent(c, rest.get(1), true);
                    case "DELETE" -> liveEvents.deleteLiveEvent(c, rest.get(1));
                    default -> throw methodNotAllowed(m);
                };
                if (n == 3 && m.equals("POST")) return liveEvents.liveEventAction(c, rest.get(1), rest.get(2));
                if (n == 3 && c.route().is(2, "liveOutputs") && m.equals("GET")) {
                    String ev = channels.get(eventName(rest.get(1))).name();
                    return ok(200, list(archive.programs(ev).stream().map(p -> liveOutputs.liveOutput(c, p)).toList()));
                }
                if (n == 4 && c.route().is(2, "liveOutputs")) return switch (m) {
                    case "GET" -> ok(200, liveOutputs.liveOutput(c, archive.program(eventName(rest.get(1)), rest.get(3))));
                    case "PUT" -> liveOutputs.putLiveOutput(c, rest.get(1), rest.get(3));
                    case "DELETE" -> liveOutputs.deleteLiveOutput(c, rest.get(1), rest.get(3));
                    default -> throw methodNotAllowed(m);
                };
            }
            case "assets" -> {
                if (n == 1 && m.equals("GET")) return ok(200, list(assets.assets(c)));
                if (n == 2) return switch (m) {
                    case "GET" -> ok(200, assets.asset(c, rest.get(1)).orElseThrow(() -> ArmRefusal.notFound("Microsoft.Media/mediaservices/assets", rest.get(1))));
                    case "PUT" -> assets.putAsset(c, rest.get(1));
                    case "DELETE" -> assets.deleteAsset(rest.get(1));
                    default -> throw methodNotAllowed(m);
                };
                if (n == 3 && m.equals("POST") && c.route().is(2, "listStreamingLocators")) return assets.listAssetLocators(c, rest.get(1));
                if (n == 3 && m.equals("POST")) throw notSupported(rest.get(2) + " on assets");
            }
            case "streaminglocators" -> {
                if (n == 1 && m.equals("GET")) return ok(200, list(streamingLocators.namedLocators().stream().map(l -> streamingLocators.locator(c, l)).toList()));
                if (n == 2) return switch (m) {
                    case "GET" -> ok(200, streamingLocators.locator(c, streamingLocators.namedLocator(rest.get(1))));
                    case "PUT" -> streamingLocators.putLocator(c, rest.get(1));
                    case "DELETE" -> streamingLocators.deleteLocator(rest.get(1));
                    default -> throw methodNotAllowed(m);
                };
                if (n == 3 && m.equals("POST") && c.route().is(2, "listPaths")) return streamingLocators.listPaths(streamingLocators.namedLocator(rest.get(1)));
                if (n == 3 && m.equals("POST") && c.route().is(2, "listContentKeys")) return streamingLocators.listContentKeys(streamingLocators.namedLocator(rest.get(1)));
            }
            case "streamingpolicies" -> {
                if (n == 1 && m.equals("GET")) return ok(200, list(PREDEFINED_POLICIES.keySet().stream().map(p -> ArmStreamingPolicies.streamingPolicy(c, p)).toList()));
                if (n == 2) return switch (m) {
                    case "GET" -> ok(200, ArmStreamingPolicies.streamingPolicy(c, ArmStreamingPolicies.predefinedName(rest.get(1))));
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
                if (n == 1 && m.equals("GET")) return ok(200, list(List.of(streamingEndpoints.streamingEndpoint(c))));
                if (n == 2) {
                    ArmStreamingEndpoints.endpointName(rest.get(1));
                    return switch (m) {
                        case "GET" -> ok(200, streamingEndpoints.streamingEndpoint(c));
                        case "PUT", "PATCH", "DELETE" -> throw notSupported("creating, changing or deleting streaming endpoints: the one endpoint, "
                                + ArmStreamingEndpoints.DEFAULT_ENDPOINT + ", is livepipe's streaming route");
                        default -> throw methodNotAllowed(m);
                    };
                }
                if (n == 3 && m.equals("POST")) {
                    ArmStreamingEndpoints.endpointName(rest.get(1));
                    return switch (rest.get(2).toLowerCase(Locale.ROOT)) {
                        case "start" -> operations.accepted(c);
                        case "stop", "scale" -> throw notSupported(rest.get(2) + " on the streaming endpoint: it serves whenever the platform runs and scales with it");
                        default -> throw ArmRefusal.notFound("action", rest.get(2));
                    };
                }
            }
            case "operationstatuses" -> {
                if (n == 2 && m.equals("GET")) return ok(200, operations.operation(rest.get(1)));
            }
            case "operationresults" -> {
                if (n == 2 && m.equals("GET")) {
                    operations.operation(rest.get(1));
                    return new ArmResponse(204, Map.of("Cache-Control", "no-store"), null);
                }
            }
            default -> { }
        }
        throw ArmRefusal.of(404, "InvalidResourceType", "The resource type '" + clip(rest.get(0))
                + "' (or this action on it) is not one livepipe's Microsoft.Media face has.");
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
}
