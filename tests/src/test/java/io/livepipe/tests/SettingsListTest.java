package io.livepipe.tests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.livepipe.config.Setting;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Every app setting the code reads is in local.settings.json.example and in the README. */
class SettingsListTest {
    static final Path ROOT = LocalPlatformHarness.repoRoot();

    @Test
    void exampleSettingsNameEverySetting() throws Exception {
        JsonNode values = LocalPlatformHarness.JSON.readTree(ROOT.resolve("local.settings.json.example").toFile()).get("Values");
        for (Setting s : Setting.values()) {
            assertTrue(values.has(s.name()), s.name() + " is missing from local.settings.json.example");
        }
    }

    @Test
    void readmeDocumentsEverySetting() throws Exception {
        String readme = Files.readString(ROOT.resolve("README.md"));
        for (Setting s : Setting.values()) {
            assertTrue(readme.contains("`" + s.name() + "`"), s.name() + " is not documented in README.md");
        }
    }
}
