package io.livepipe.channel;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Pass-through (the encoder's stream as it comes, no transcoding) or live encoding to a ladder. */
public enum ChannelMode {
    @JsonProperty("passthrough") PASSTHROUGH,
    @JsonProperty("encode") ENCODE
}
