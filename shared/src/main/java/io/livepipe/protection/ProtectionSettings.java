package io.livepipe.protection;

import io.livepipe.config.Setting;
import io.livepipe.config.Settings;
import io.livepipe.token.SigningKeys;

/**
 * The secrets of content protection from settings. Unset is an error naming the setting: several
 * instances must agree on them, so none is made up here (the local host makes and keeps its own
 * before the platform starts). Messages never show a value.
 */
public final class ProtectionSettings {
    private ProtectionSettings() { }

    public static KeyWrap keyEncryptionKey(Settings s) {
        String v = require(s, Setting.LIVEPIPE_KEY_ENCRYPTION_KEY);
        try {
            return KeyWrap.fromBase64(v);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(Setting.LIVEPIPE_KEY_ENCRYPTION_KEY.name() + ": " + e.getMessage());
        }
    }

    public static SigningKeys signingKeys(Settings s) {
        String v = require(s, Setting.LIVEPIPE_TOKEN_SIGNING_KEYS);
        try {
            return SigningKeys.parse(v);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(Setting.LIVEPIPE_TOKEN_SIGNING_KEYS.name() + ": " + e.getMessage());
        }
    }

    /** Fails at startup, naming the first setting missing or malformed. */
    public static void requireConfigured(Settings s) {
        keyEncryptionKey(s);
        signingKeys(s);
    }

    private static String require(Settings s, Setting setting) {
        if (!s.isSet(setting)) {
            throw new IllegalStateException(setting.name() + " is not set: " + setting.description());
        }
        return s.get(setting);
    }
}
