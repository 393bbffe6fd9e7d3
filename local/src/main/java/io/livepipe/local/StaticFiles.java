package io.livepipe.local;

import io.livepipe.encoder.http.HostRequest;
import io.livepipe.encoder.http.HostResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Serves the console and player pages from {@code web/} and the player libraries from
 * {@code node_modules} (installed from npm, never from a CDN), on paths that cannot leave
 * those folders.
 */
final class StaticFiles {
    private static final Map<String, String> LIBRARIES = Map.of(
            "/lib/hls.js", "hls.js/dist/hls.min.js",
            "/lib/shaka-player.js", "shaka-player/dist/shaka-player.compiled.js",
            "/lib/uplot.js", "uplot/dist/uPlot.iife.min.js",
            "/lib/uplot.css", "uplot/dist/uPlot.min.css");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8", "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8", "svg", "image/svg+xml", "png", "image/png",
            "json", "application/json", "ico", "image/x-icon");

    private final Path webRoot;
    private final Path nodeModules;

    StaticFiles(Path webRoot, Path nodeModules) {
        this.webRoot = webRoot.toAbsolutePath().normalize();
        this.nodeModules = nodeModules.toAbsolutePath().normalize();
    }

    HostResponse handle(HostRequest request) {
        if (!request.method().equals("GET") && !request.method().equals("HEAD")) return HostResponse.problem(405, "use GET");
        String lib = LIBRARIES.get(request.rawPath());
        if (lib != null) return file(nodeModules.resolve(lib));
        List<String> segments;
        try {
            segments = FunctionHost.decodeSegments(request.rawPath().substring(1));
        } catch (IllegalArgumentException e) {
            return HostResponse.problem(400, "malformed path");
        }
        Path p = webRoot;
        for (String s : segments) {
            if (s.isEmpty() || s.contains("\\")) return HostResponse.problem(404, "not found");
            p = p.resolve(s);
        }
        p = p.normalize();
        if (!p.startsWith(webRoot)) return HostResponse.problem(404, "not found");
        if (Files.isDirectory(p)) p = p.resolve("index.html");
        return file(p);
    }

    private static HostResponse file(Path p) {
        if (!Files.isRegularFile(p)) return HostResponse.problem(404, "not found");
        String name = p.getFileName().toString();
        String ext = name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        try {
            return new HostResponse(200, Map.of("Content-Type", TYPES.getOrDefault(ext, "application/octet-stream"),
                    "Cache-Control", "no-cache"), Files.readAllBytes(p));
        } catch (IOException e) {
            return HostResponse.problem(404, "not readable");
        }
    }
}
