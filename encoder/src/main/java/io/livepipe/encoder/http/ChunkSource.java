package io.livepipe.encoder.http;

import java.util.function.Consumer;

/**
 * A body that is still being made (an LL-DASH segment while its parts are cut): sent with chunked
 * transfer coding (RFC 9112 §7.1), each chunk as it comes. {@code subscribe} hands every chunk to
 * {@code chunk} in order, then calls {@code end} exactly once (also when it gives up: the source
 * bounds how long it takes). Calls may come from any thread.
 */
public interface ChunkSource {
    void subscribe(Consumer<byte[]> chunk, Runnable end);
}
