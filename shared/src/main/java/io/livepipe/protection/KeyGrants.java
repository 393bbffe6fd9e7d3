package io.livepipe.protection;

import io.livepipe.cache.FreshFor;
import io.livepipe.streaming.Locator;
import io.livepipe.token.TokenRestriction;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

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

    /** A release looked up. */
    record Grant(Locator locator, TokenRestriction restriction, ContentKey key) {
        @Override public String toString() { return "Grant[locator=" + locator.id() + ", keyId=" + key.keyId() + "]"; }
    }

    private record Slot(String locatorId, UUID keyId) { }

    private final FreshFor<Slot, Grant> grants;

    public KeyGrants(Clock clock) { this.grants = new FreshFor<>(FRESH_FOR, MAX_ENTRIES, FreshFor.ticker(clock)); }

    /** Forgets every grant: something a grant may stand for was just deleted here (rare: deletes are not hot). */
    public void forgetAll() { grants.clear(); }

    /** The grant of key {@code keyId} of locator {@code locatorId} if it was looked up less than {@link #FRESH_FOR} ago. */
    Optional<Grant> find(String locatorId, UUID keyId) { return grants.get(new Slot(locatorId, keyId)); }

    /** Keeps what a release just looked up, for {@link #FRESH_FOR} from now. */
    void remember(Locator locator, TokenRestriction restriction, ContentKey key) {
        grants.put(new Slot(locator.id(), key.keyId()), new Grant(locator, restriction, key));
    }

    int size() { return grants.size(); }

    @Override
    public String toString() { return "KeyGrants[" + grants.size() + " entries]"; }
}
