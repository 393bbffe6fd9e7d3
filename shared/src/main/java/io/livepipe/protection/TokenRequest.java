package io.livepipe.protection;

import java.util.Map;

/**
 * The optional JSON body of {@code POST /api/locators/{id}/token}: validity as an ISO-8601
 * duration (default PT1H, at most P1D), extra claims, and whether to bind the token to the
 * asset's content key (default false: the token opens every key of the locator).
 */
public record TokenRequest(String validFor, Map<String, Object> claims, Boolean bindToKey) {
    public static TokenRequest defaults() { return new TokenRequest(null, null, null); }
}
