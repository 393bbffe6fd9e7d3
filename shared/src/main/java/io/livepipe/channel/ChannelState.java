package io.livepipe.channel;

import java.util.EnumSet;
import java.util.Set;

/**
 * A channel's lifecycle, as the retired service's live events had it: Stopped → Starting →
 * Running → Stopping → Stopped. Only a running channel accepts an encoder.
 */
public enum ChannelState {
    STOPPED, STARTING, RUNNING, STOPPING;

    /** The states this one may move to. */
    public Set<ChannelState> next() {
        return switch (this) {
            case STOPPED -> EnumSet.of(STARTING);
            case STARTING -> EnumSet.of(RUNNING, STOPPING);
            case RUNNING -> EnumSet.of(STOPPING);
            case STOPPING -> EnumSet.of(STOPPED);
        };
    }

    public boolean canMoveTo(ChannelState to) { return next().contains(to); }

    /** The name as the retired service's API spelled it: {@code Running}, {@code Stopped}, ... */
    public String apiName() {
        String n = name();
        return n.charAt(0) + n.substring(1).toLowerCase(java.util.Locale.ROOT);
    }
}
