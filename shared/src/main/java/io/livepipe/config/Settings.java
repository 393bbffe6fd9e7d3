package io.livepipe.config;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.EnumMap;
import java.util.Map;

/** The values of every {@link Setting}, defaults filled in. Immutable. */
public final class Settings {
    private final Map<Setting, String> values;

    private Settings(Map<Setting, String> values) {
        this.values = Map.copyOf(values);
    }

    /** Takes each setting from {@code source} by its name, else its default; blanks count as unset. */
    public static Settings from(Map<String, String> source) {
        Map<Setting, String> v = new EnumMap<>(Setting.class);
        for (Setting s : Setting.values()) {
            String given = source.get(s.name());
            v.put(s, given == null || given.isBlank() ? s.defaultValue() : given.trim());
        }
        return new Settings(v);
    }

    public static Settings defaults() { return from(Map.of()); }

    public String get(Setting s) { return values.get(s); }

    public int getInt(Setting s) {
        String v = get(s);
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("setting " + s.name() + " is not a number: " + v);
        }
    }

    /** An ISO 8601 duration from {@code min} to {@code max}; anything else refused by the setting's name. */
    public Duration getDuration(Setting s, Duration min, Duration max) {
        String v = get(s);
        try {
            Duration d = Duration.parse(v);
            if (d.compareTo(min) >= 0 && d.compareTo(max) <= 0) return d;
        } catch (DateTimeParseException notOne) {
            // refused below, by name
        }
        throw new IllegalArgumentException("setting " + s.name() + " must be an ISO 8601 duration of " + seconds(min) + " to "
                + seconds(max) + " seconds, not " + v);
    }

    private static String seconds(Duration d) { return BigDecimal.valueOf(d.toMillis(), 3).stripTrailingZeros().toPlainString(); }

    public boolean isSet(Setting s) { return !get(s).isEmpty(); }

    /** A copy with one value changed. */
    public Settings with(Setting s, String value) {
        Map<Setting, String> v = new EnumMap<>(values);
        v.put(s, value);
        return new Settings(v);
    }
}
