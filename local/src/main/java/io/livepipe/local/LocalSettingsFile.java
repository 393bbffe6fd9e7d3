package io.livepipe.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.livepipe.config.Settings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Reads {@code local.settings.json} as Azure Functions Core Tools does: its {@code Values} are
 * app settings. Environment variables win over the file, as they do for the Functions host;
 * whatever neither sets takes the setting's default.
 */
final class LocalSettingsFile {
    static final long MAX_BYTES = 256 * 1024;

    private LocalSettingsFile() { }

    static Settings load(Path file, Map<String, String> environment) {
        Map<String, String> values = new HashMap<>();
        if (Files.isRegularFile(file)) {
            try {
                if (Files.size(file) > MAX_BYTES) throw new IllegalArgumentException(file + " is larger than " + MAX_BYTES + " bytes");
                JsonNode root = Json.MAPPER.readTree(file.toFile());
                JsonNode v = root.path("Values");
                for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    values.put(e.getKey(), e.getValue().asText());
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }
        values.putAll(environment);
        return Settings.from(values);
    }
}
