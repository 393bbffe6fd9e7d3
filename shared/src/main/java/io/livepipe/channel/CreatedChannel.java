package io.livepipe.channel;

/**
 * The answer to a create or a key rotation: the channel, and — this once only — its stream key
 * and the ingest URLs that carry it. Never logged.
 */
public record CreatedChannel(Channel channel, String streamKey, IngestEndpoints endpoints) {
    @Override
    public String toString() { return "CreatedChannel[" + channel.name() + "]"; }
}
