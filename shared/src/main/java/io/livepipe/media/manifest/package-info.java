/**
 * What the manifest writers ({@code media.hls}, {@code media.dash}, {@code media.smooth}) are
 * fed: plain records of a presentation — renditions with their track, measured bandwidths and
 * frame rate; segments with their times, init, numbering and the continuous stretch they belong
 * to; how the presentation is encrypted and what to signal about its keys. Whoever builds them
 * (the streaming endpoint, from an asset's timeline) decides everything else; the writers know
 * nothing of storage, archives or HTTP. No spec of its own: each writer's package names its.
 */
package io.livepipe.media.manifest;
