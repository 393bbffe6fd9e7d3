package io.livepipe.platform;

import java.time.Instant;

/** The answer of the health route: which backends are in use, and that the process answers. */
public record HealthReport(String status, String version, String storage, String events, Instant time) {}
