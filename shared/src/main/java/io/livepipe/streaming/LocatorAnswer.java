package io.livepipe.streaming;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.util.List;

/**
 * What the API answers about a locator (create and get): the locator document's fields, the
 * streaming endpoint players reach, and every streaming path with the encryption it uses
 * ({@link StreamingPath}) — so a user need not know the URL forms.
 */
public record LocatorAnswer(@JsonUnwrapped Locator locator, String streamingEndpoint, List<StreamingPath> streamingPaths) {
    public LocatorAnswer {
        streamingPaths = List.copyOf(streamingPaths);
    }

    public static LocatorAnswer of(Locator l, String streamingEndpoint) {
        return new LocatorAnswer(l, streamingEndpoint, StreamingPath.of(l));
    }
}
