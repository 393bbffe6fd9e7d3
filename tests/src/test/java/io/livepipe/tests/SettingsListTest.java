package io.livepipe.tests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.livepipe.config.Setting;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every app setting the code reads is in local.settings.json.example, in the README, and in
 * the Functions app settings of infra-bicep/main.bicep; the encoder service's variables are
 * settings the code knows.
 */
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

    @Test
    void mainBicepSetsEverySettingForTheFunctionsApp() {
        Map<String, String> app = BicepText.read(ROOT.resolve("infra-bicep/main.bicep")).objectVar("functionAppSettings");
        for (Setting s : Setting.values()) {
            assertTrue(app.containsKey(s.name()), s.name() + " is missing from functionAppSettings in infra-bicep/main.bicep");
        }
    }

    @Test
    void encoderServiceVariablesAreSettingsTheCodeReads() {
        Map<String, String> encoder = BicepText.read(ROOT.resolve("infra-bicep/main.bicep")).objectVar("encoderSettings");
        for (String name : encoder.keySet()) {
            assertTrue(java.util.Arrays.stream(Setting.values()).anyMatch(s -> s.name().equals(name)), name + " is no Setting");
        }
    }
}
