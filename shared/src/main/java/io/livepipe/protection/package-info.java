/**
 * Content protection on the key side: content keys (16-byte key id shown as a UUID, 16-byte AES
 * key), kept per asset wrapped with RFC 3394 AES Key Wrap (§2.2.1, default IV §2.2.3.1) under
 * the key-encryption key of LIVEPIPE_KEY_ENCRYPTION_KEY, never in plaintext at rest; content key
 * policies (open, or a JWT token restriction as in Media Services: issuer, audience, required
 * claims, the content key identifier claim, verification keys as RFC 7517 JWKs); the
 * {@link io.livepipe.protection.KeyAuthorizer} that the key delivery and license functions ask
 * before they release a key (what it looked up is used again for one second, the token never:
 * {@code KeyGrants}); and playback token issuance for a locator.
 *
 * <p>Left out: symmetric verification keys in policies (they would be secrets at rest; HS256
 * tokens verify against the platform's own keys), key rotation per asset (one key set per asset,
 * kept for its life), and the media encryption itself (the crypto package's).
 */
package io.livepipe.protection;
