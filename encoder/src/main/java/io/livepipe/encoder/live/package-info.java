/**
 * A running channel's live ingest on this replica of the encoder service: who may publish to
 * which channel ({@link io.livepipe.encoder.live.ChannelIngest}, the gate), each accepted
 * publisher's stream and the failover between a channel's primary and backup inputs
 * ({@link io.livepipe.encoder.live.PublisherSession} on a
 * {@link io.livepipe.encoder.live.LiveChannel}), the periodic jobs — heartbeats, state polls, stall
 * checks — ({@link io.livepipe.encoder.live.ChannelWatch}), the Media Services channel events of
 * each session ({@link io.livepipe.encoder.live.ChannelEvents}), and the archive of each run
 * ({@link io.livepipe.encoder.live.ArchivingSink}: pass-through or FFmpeg's ladder behind one
 * interface). It polls the channel documents rather than listening for events, so that it works
 * the same with one process or many encoder replicas. Across replicas a channel belongs to the one
 * holding its Blob lease ({@link io.livepipe.encoder.live.ChannelLeases}, docs/scaling.md).
 *
 * <p>Named {@code live} (it was {@code encoder.channel}) so that it is not taken for
 * {@code io.livepipe.channel} in {@code shared/}, which is the channel as a resource.
 */
package io.livepipe.encoder.live;
