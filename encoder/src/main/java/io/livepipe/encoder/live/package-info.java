/**
 * The channel runtime of the encoder service: who may publish to which channel, the Media
 * Services channel events of each session (connect, reject, stream received, heartbeats,
 * discontinuities, disconnect), and ending sessions when a channel stops or resets. It polls
 * the channel documents rather than listening for events, so that it works the same with one
 * process or many encoder replicas. Across replicas a channel belongs to the one holding its
 * Blob lease ({@link io.livepipe.encoder.live.ChannelLeases}, docs/scaling.md).
 */
package io.livepipe.encoder.live;
