/**
 * Playback tokens: JWTs (RFC 7519) signed as JWS compact serializations (RFC 7515 §3.1, §7.1)
 * with ES256, RS256 or HS256 (RFC 7518 §3.2-§3.4), keys as JWKs and JWK Sets (RFC 7517 §4,
 * §5). {@link io.livepipe.token.SigningKeys} is the platform's key set (first signs, all
 * verify, rotation by {@code kid}); {@link io.livepipe.token.PlaybackTokenIssuer} issues
 * tokens for a streaming locator, optionally bound to one content key by the Media Services
 * claim {@code urn:microsoft:azure:mediaservices:contentkeyidentifier};
 * {@link io.livepipe.token.PlaybackTokenVerifier} checks one against a
 * {@link io.livepipe.token.TokenRestriction}.
 *
 * <p>Nimbus JOSE+JWT does the JOSE encoding and the crypto; this package decides what is
 * accepted: an explicit algorithm allow-list tied to each key's type and declared {@code alg}
 * (RFC 8725 §3.1, §3.2: never {@code none}, never HS256 with an asymmetric key), a size bound
 * before parsing, exp/nbf with a bounded clock skew (RFC 7519 §4.1.4, §4.1.5). Left out: JWE
 * (encrypted tokens), embedded or remote keys ({@code jwk}, {@code jku}, {@code x5u} headers
 * are never used to find a key), and algorithms beyond the three named.
 */
package io.livepipe.token;
