package io.livepipe.encoder.live;

import java.time.Clock;

/** What every publisher's session of the channel runtime works with. */
record IngestParts(ChannelEvents events, ChannelMediaSink sink, StageLimits limits, Clock clock, LeaseKeeper leases) { }
