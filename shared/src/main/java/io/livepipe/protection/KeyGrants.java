package io.livepipe.protection;

import io.livepipe.streaming.Locator;
import io.livepipe.token.TokenRestriction;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What releasing one key of one locator needs besides the token — the locator, its policy's token
 * restriction (null for an open policy) and the key, unwrapped — as last looked up, kept in memory
 * for at most {@link #FRESH_FOR}, so that a player asking for its key again pays no store read, no
 * policy parse and no unwrap. That bound is what a change costs: a locator, policy or key deleted,
 * or a policy's or the platform's verification keys replaced, stop being honoured here at most
 * {@link #FRESH_FOR} later, in this instance and in every other one; what this instance deletes
 * itself (a locator, an asset's keys, a policy) empties it at once ({@link #forgetAll}). The token is no part of a
 * grant: every request's token is checked against the grant's restriction. Only lookups that
 * ended in a release are kept, at most {@link #MAX_ENTRIES} (past that the map starts over). Keys
 * live here in memory only, never on disk nor in a log; {@link #toString()} shows a count.
 */
public final class KeyGrants {
    static final Duration FRESH_FOR = Duration.ofSeconds(1);
    static final int MAX_ENTRIES = 4096;

    /** A release looked up at some instant, good until {@code until}. */
    record Grant(Locator locator, TokenRestriction restriction, ContentKey key, Instant until) {
        @Override public String toString() { return "Grant[locator=" + locator.id() + ", keyId=" + key.keyId() + "]"; }
    }

    private record Slot(String locatorId, UUID keyId) { }

    private final Map<Slot, Grant> grants = new ConcurrentHashMap<>();
    private final Clock clock;

    public KeyGrants(Clock clock) { this.clock = clock; }

    /** Forgets every grant: something a grant may stand for was just deleted here (rare: deletes are not hot). */
    public void forgetAll() { grants.clear(); }

    /** The grant of key {@code keyId} of locator {@code locatorId} if it was looked up less than {@link #FRESH_FOR} ago. */
    Optional<Grant> find(String locatorId, UUID keyId) {
        Slot slot = new Slot(locatorId, keyId);
        Grant g = grants.get(slot);
        if (g == null) return Optional.empty();
        if (clock.instant().isBefore(g.until())) return Optional.of(g);
        grants.remove(slot, g);
        return Optional.empty();
    }

    /** Keeps what a release just looked up, for {@link #FRESH_FOR} from now. */
    void remember(Locator locator, TokenRestriction restriction, ContentKey key) {
        if (grants.size() >= MAX_ENTRIES) grants.clear();
        grants.put(new Slot(locator.id(), key.keyId()), new Grant(locator, restriction, key, clock.instant().plus(FRESH_FOR)));
    }

    int size() { return grants.size(); }

    @Override
    public String toString() { return "KeyGrants[" + grants.size() + " entries]"; }
}
