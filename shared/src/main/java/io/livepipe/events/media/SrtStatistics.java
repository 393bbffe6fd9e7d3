package io.livepipe.events.media;

/**
 * An SRT publisher's link as libsrt measures it on the receiving side, carried by livepipe in
 * the IngestHeartbeat (field {@code srt}, absent for RTMP) and kept in the channel's observed
 * state: smoothed round-trip time, packets received, lost (gaps the receiver asked to have
 * resent), retransmitted copies received, dropped (too late to play), the receive rate and the
 * latency agreed in the handshake. Counts are since the connection began.
 */
public record SrtStatistics(double rttMs, long packetsReceived, long packetsLost, long packetsRetransmitted,
                            long packetsDropped, double receiveRateMbps, int latencyMs) { }
