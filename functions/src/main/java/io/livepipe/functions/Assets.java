package io.livepipe.functions;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatus;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import io.livepipe.archive.ArchiveService;
import io.livepipe.archive.AssetView;
import io.livepipe.platform.ServiceGraph;
import io.livepipe.streaming.AssetDeletion;
import java.util.Map;
import java.util.Optional;

/**
 * Assets, {@code /api/assets}: list, get (renditions, duration, state, timeline), delete (with
 * its locators and content keys; 204 also when it was already gone, so retries are safe).
 */
public final class Assets {
    private final ArchiveService archive;
    private final AssetDeletion deletion;

    public Assets() { this(FunctionsPlatform.services()); }

    public Assets(ServiceGraph services) {
        this.archive = services.archive();
        this.deletion = services.assetDeletion();
    }

    @FunctionName("AssetsList")
    public HttpResponseMessage list(
            @HttpTrigger(name = "req", methods = {HttpMethod.GET}, route = "assets",
                    authLevel = AuthorizationLevel.FUNCTION) HttpRequestMessage<Optional<String>> req,
            ExecutionContext context) {
        return Responses.handle(req, () -> Responses.json(req, HttpStatus.OK,
                Map.of("value", archive.assets().stream().map(AssetView::summary).toList())));
    }

    @FunctionName("AssetsGet")
    public HttpResponseMessage get(
            @HttpTrigger(name = "req", methods = {HttpMethod.GET}, route = "assets/{asset}",
                    authLevel = AuthorizationLevel.FUNCTION) HttpRequestMessage<Optional<String>> req,
            @BindingName("asset") String asset, ExecutionContext context) {
        return Responses.handle(req, () -> Responses.json(req, HttpStatus.OK, AssetView.of(archive.asset(asset))));
    }

    @FunctionName("AssetsDelete")
    public HttpResponseMessage delete(
            @HttpTrigger(name = "req", methods = {HttpMethod.DELETE}, route = "assets/{asset}",
                    authLevel = AuthorizationLevel.FUNCTION) HttpRequestMessage<Optional<String>> req,
            @BindingName("asset") String asset, ExecutionContext context) {
        return Responses.handle(req, () -> {
            deletion.delete(asset);
            return req.createResponseBuilder(HttpStatus.NO_CONTENT).build();
        });
    }
}
