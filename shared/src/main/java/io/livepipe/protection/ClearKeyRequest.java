package io.livepipe.protection;

import java.util.List;

/** A W3C ClearKey license request (Encrypted Media Extensions §9.1.3): base64url key ids and the session type. */
public record ClearKeyRequest(List<String> kids, String type) { }
