package io.livepipe.storage;

import java.io.IOException;
import java.nio.channels.FileChannel;

/**
 * A blob's bytes as a slice of an open local file, so that a server on the same machine can
 * send them without copying them through the heap (sendfile). Whoever receives one owns the
 * channel and closes it, whether or not it sends it; the file stays readable until then even if
 * the blob is deleted meanwhile.
 */
public record LocalFile(FileChannel channel, long offset, BlobProperties properties) implements AutoCloseable {
    public long length() { return properties.size(); }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing a read-only channel loses nothing
        }
    }
}
