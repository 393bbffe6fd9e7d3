package io.livepipe.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livepipe.events.EventSubscription;
import io.livepipe.events.EventSubscriptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * infra-bicep as far as its text shows, since no Bicep compiler can be installed here: modules
 * and their parameters line up with main.bicep, param files with main.bicep, Event Grid
 * subscriptions target functions that exist with the filters the local host applies, and no
 * output carries a secret.
 */
class BicepTemplatesTest {
    static final Path INFRA = LocalPlatformHarness.repoRoot().resolve("infra-bicep");
    static final Path MAIN = INFRA.resolve("main.bicep");
    static final Pattern FUNCTION_NAME = Pattern.compile("@FunctionName\\(\"([A-Za-z0-9_-]+)\"\\)");
    static final Pattern FUNCTION_TARGET = Pattern.compile("/functions/([A-Za-z0-9_-]+)$");
    static final Pattern SECRET_NAME = Pattern.compile("(?i).*(password|secret|key|connectionstring|credential|token).*");
    static final Pattern SECRET_EXPRESSION = Pattern.compile(
            "(?i)(list[A-Za-z]*\\(|listKeys|connectionString|instrumentationKey|primaryKey|secondaryKey|accessKey|sharedKey|getSecret\\()");

    static List<Path> bicepFiles() throws IOException {
        try (Stream<Path> s = Files.walk(INFRA)) {
            return s.filter(p -> p.toString().endsWith(".bicep")).sorted().toList();
        }
    }

    static List<Path> paramFiles() throws IOException {
        try (Stream<Path> s = Files.list(INFRA)) {
            return s.filter(p -> p.toString().endsWith(".bicepparam")).sorted().toList();
        }
    }

    /** Every @FunctionName in the functions module's sources. */
    static Set<String> functionNames() throws IOException {
        Set<String> out = new TreeSet<>();
        try (Stream<Path> s = Files.walk(LocalPlatformHarness.repoRoot().resolve("functions/src/main/java"))) {
            for (Path p : s.filter(f -> f.toString().endsWith(".java")).toList()) {
                Matcher m = FUNCTION_NAME.matcher(Files.readString(p));
                while (m.find()) out.add(m.group(1));
            }
        }
        return out;
    }

    /** The functions Event Grid subscriptions deliver to: {@code …/functions/NAME} string literals. */
    static Set<String> subscriptionTargets() throws IOException {
        Set<String> out = new TreeSet<>();
        for (Path f : bicepFiles()) {
            for (String s : BicepText.read(f).strings()) {
                Matcher m = FUNCTION_TARGET.matcher(s);
                if (m.find()) out.add(m.group(1));
            }
        }
        return out;
    }

    @Test
    void everyModuleOfMainExistsAndGetsExactlyTheParametersItDeclares() {
        List<BicepText.Module> modules = BicepText.read(MAIN).modules();
        assertTrue(modules.size() >= 9, "modules: " + modules);
        for (BicepText.Module m : modules) {
            Path file = INFRA.resolve(m.path()).normalize();
            assertTrue(file.startsWith(INFRA.resolve("modules")) && Files.isRegularFile(file), m.symbol() + ": no module " + m.path());
            assertFalse(m.params().containsKey("..."), m.symbol() + ": spread parameters cannot be checked");
            List<BicepText.Param> declared = BicepText.read(file).params();
            Set<String> names = declared.stream().map(BicepText.Param::name).collect(Collectors.toSet());
            for (String passed : m.params().keySet()) {
                assertTrue(names.contains(passed), m.symbol() + " passes " + passed + ", which " + m.path() + " does not declare");
            }
            for (BicepText.Param p : declared) {
                if (!p.hasDefault()) assertTrue(m.params().containsKey(p.name()), m.symbol() + " does not pass the required " + p.name());
            }
        }
    }

    @Test
    void everyModuleFileIsUsedAndFollowsTheConventions() throws IOException {
        Set<String> used = BicepText.read(MAIN).modules().stream().map(BicepText.Module::path).collect(Collectors.toSet());
        for (Path f : bicepFiles()) {
            BicepText b = BicepText.read(f);
            for (BicepText.Param p : b.params()) {
                assertTrue(p.decorators().stream().anyMatch(d -> d.startsWith("@description(")), f.getFileName() + ": param " + p.name() + " has no @description");
                assertFalse(p.type().isEmpty() || p.type().equals("any"), f.getFileName() + ": param " + p.name() + " is untyped");
            }
            for (BicepText.Output o : b.outputs()) {
                assertTrue(o.decorators().stream().anyMatch(d -> d.startsWith("@description(")), f.getFileName() + ": output " + o.name() + " has no @description");
            }
            if (f.getParent().equals(INFRA.resolve("modules"))) {
                assertTrue(used.contains("modules/" + f.getFileName()), f.getFileName() + " is not used by main.bicep");
            }
        }
    }

    @Test
    void paramFilesSetOnlyParametersMainDeclaresAndEveryRequiredOne() throws IOException {
        List<BicepText.Param> main = BicepText.read(MAIN).params();
        Set<String> declared = main.stream().map(BicepText.Param::name).collect(Collectors.toSet());
        List<Path> files = paramFiles();
        assertEquals(Set.of("dev.bicepparam", "prod.bicepparam"), files.stream().map(p -> p.getFileName().toString()).collect(Collectors.toSet()));
        for (Path f : files) {
            BicepText p = BicepText.read(f);
            assertEquals("./main.bicep", p.using().orElse(""), f.getFileName() + " uses main.bicep");
            Map<String, String> set = p.paramAssignments();
            for (String name : set.keySet()) assertTrue(declared.contains(name), f.getFileName() + " sets " + name + ", which main.bicep does not declare");
            for (BicepText.Param m : main) {
                if (!m.hasDefault()) assertTrue(set.containsKey(m.name()), f.getFileName() + " does not set the required " + m.name());
            }
            for (BicepText.Param m : main) {
                // Secrets come from the environment of the one deploying, never from the file.
                if (m.secure() && set.containsKey(m.name())) {
                    assertTrue(set.get(m.name()).startsWith("readEnvironmentVariable("), f.getFileName() + ": " + m.name() + " is written in the file");
                }
            }
        }
    }

    @Test
    void eventSubscriptionsTargetTheFunctionsTheLocalHostDeliversTo() throws IOException {
        Set<String> targets = subscriptionTargets();
        Set<String> functions = functionNames();
        for (String t : targets) assertTrue(functions.contains(t), t + " is no @FunctionName in functions/");
        Set<String> local = EventSubscriptions.all("media").stream().map(EventSubscription::functionName).collect(Collectors.toSet());
        assertEquals(local, targets, "Azure subscriptions and in-process delivery reach the same functions");
    }

    @Test
    void subscriptionFiltersAreTheOnesOfEventSubscriptions() {
        String text = BicepText.read(INFRA.resolve("modules/event-subscriptions.bicep")).code;
        EventSubscription archive = EventSubscriptions.archiveStamp("${mediaContainerName}");
        assertTrue(text.contains("subjectBeginsWith: '" + archive.subjectBeginsWith() + "'"), "ArchiveStamp subject filter");
        assertTrue(text.contains("includedEventTypes: [ '" + String.join("', '", archive.eventTypePrefixes()) + "' ]"), "ArchiveStamp event types");
        Map<String, String> filter = BicepText.read(INFRA.resolve("modules/event-subscriptions.bicep")).objectVar("channelEventFilter");
        String advanced = filter.get("advancedFilters");
        assertTrue(advanced.contains("'StringBeginsWith'") && advanced.contains("key: 'eventType'"), advanced);
        assertTrue(advanced.contains("[ '" + String.join("', '", EventSubscriptions.CHANNEL_EVENTS.eventTypePrefixes()) + "' ]"), advanced);
    }

    @Test
    void noOutputCarriesASecret() throws IOException {
        for (Path f : bicepFiles()) {
            BicepText b = BicepText.read(f);
            Set<String> secureParams = b.params().stream().filter(BicepText.Param::secure).map(BicepText.Param::name).collect(Collectors.toSet());
            for (BicepText.Output o : b.outputs()) {
                String where = f.getFileName() + ": output " + o.name();
                assertFalse(o.decorators().stream().anyMatch(d -> d.startsWith("@secure(")), where + " is a secure output");
                // A name about keys or secrets is fine when it names where one is, not what it is.
                assertFalse(SECRET_NAME.matcher(o.name()).matches() && !o.name().matches(".*(Uri|Name|Id)$"), where + " is named like a secret");
                assertFalse(SECRET_EXPRESSION.matcher(o.expression()).find(), where + " reads a key: " + o.expression());
                for (String s : secureParams) assertFalse(Pattern.compile("\\b" + s + "\\b").matcher(o.expression()).find(), where + " returns @secure param " + s);
            }
        }
    }

    @Test
    void secretsReachTheAppAsKeyVaultReferences() {
        Map<String, String> settings = BicepText.read(MAIN).objectVar("functionAppSettings");
        for (String secret : List.of("LIVEPIPE_KEY_ENCRYPTION_KEY", "LIVEPIPE_TOKEN_SIGNING_KEYS", "LIVEPIPE_PREVIEW_KEY")) {
            assertTrue(settings.getOrDefault(secret, "").startsWith("'@Microsoft.KeyVault(SecretUri=${keyVault.outputs."), secret + " = " + settings.get(secret));
        }
        // Keys Azure replaces with the identity stay empty: storage and Event Grid use role assignments.
        assertEquals("''", settings.get("LIVEPIPE_STORAGE_CONNECTION_STRING"));
        assertEquals("''", settings.get("LIVEPIPE_EVENTGRID_TOPIC_KEY"));
        assertEquals("'eventgrid'", settings.get("LIVEPIPE_EVENTS"));
        assertEquals("'azure'", settings.get("LIVEPIPE_STORAGE"));
        String roles = BicepText.read(INFRA.resolve("modules/role-assignments.bicep")).objectVar("roles").keySet().toString();
        for (String role : List.of("storageBlobDataContributor", "eventGridDataSender", "keyVaultSecretsUser")) assertTrue(roles.contains(role), roles);
    }

    @Test
    void rtmpsIsExposedLikeRtmpWithItsCertificateAsAKeyVaultReference() {
        String apps = BicepText.read(INFRA.resolve("modules/container-apps.bicep")).code;
        assertTrue(apps.contains("targetPort: rtmpsPort") && apps.contains("exposedPort: rtmpsPort"), "RTMPS port on the TCP ingress");
        assertTrue(apps.contains("keyVaultUrl: rtmpsCertificateSecretUri") && apps.contains("identity: identityId"), "a Key Vault secret reference");
        assertTrue(apps.contains("{ name: 'LIVEPIPE_RTMPS_CERTIFICATE', secretRef: 'rtmps-certificate' }"), "the certificate reaches the setting by secretRef");
        Map<String, String> encoder = BicepText.read(MAIN).objectVar("encoderSettings");
        assertEquals("string(rtmpsPort)", encoder.get("LIVEPIPE_RTMPS_PORT"));
        assertFalse(encoder.containsKey("LIVEPIPE_RTMPS_CERTIFICATE"), "never a plain value");
    }

    @Test
    void frontDoorKeepsTokensOutOfSegmentCacheKeysAndNeverCachesKeysOrLicenses() {
        BicepText fd = BicepText.read(INFRA.resolve("modules/front-door.bicep"));
        String code = fd.code;
        assertTrue(code.contains("queryStringCachingBehavior: 'IgnoreSpecifiedQueryStrings'") && code.contains("queryParameters: 'token'"), "segments ignore token");
        assertTrue(code.contains("cacheBehavior: 'HonorOrigin'"), "the origin's Cache-Control decides");
        BicepText.Statement keys = fd.statements().stream().filter(s -> s.code().startsWith("resource keysRoute")).findFirst().orElseThrow();
        assertFalse(keys.code().contains("cacheConfiguration"), "the key and license route has no cache");
        for (String pattern : List.of("'/api/keydelivery/*'", "'/api/license/*'")) assertTrue(keys.code().contains(pattern), pattern);
        assertTrue(code.contains("destination: '/api/streaming/'"), "root URLs are rewritten to the streaming route");
    }
}
