package io.livepipe.channel;

import io.livepipe.http.Refusal;
import java.util.regex.Pattern;

/** Channel names: 1–32 letters and digits, with hyphens inside but not at either end. */
public final class ChannelName {
    public static final int MAX_LENGTH = 32;
    private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?");

    private ChannelName() { }

    public static boolean isValid(String name) {
        return name != null && name.length() <= MAX_LENGTH && SHAPE.matcher(name).matches();
    }

    public static String require(String name) {
        if (!isValid(name)) {
            throw Refusal.badRequest("channel name must be 1-" + MAX_LENGTH
                    + " letters or digits, with hyphens only inside");
        }
        return name;
    }
}
