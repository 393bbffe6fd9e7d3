package io.livepipe.encoder.http;

/**
 * A route whose request bodies are taken as they arrive instead of whole: live pushes (a CMAF
 * track's POST, FFmpeg's Smooth ingest POST) that may never end. The server asks
 * {@link #takes} at each request's head; an upload it opens then gets the body's bytes in order,
 * on the connection's event loop, and answers through its {@link UploadExchange} when it is done.
 * Such a request has no request deadline (the connection's idle limit applies instead) and no
 * body size limit: the route bounds what it holds.
 */
public interface UploadRoute {
    /** Whether {@code method} on {@code rawPath} is an upload of this route. */
    boolean takes(String method, String rawPath);

    /** A new upload for {@code head} (its body empty). On the event loop: must not block. */
    Upload open(HostRequest head, UploadExchange exchange);

    /** One request's body as it arrives. Every method is called on the connection's event loop and must not block. */
    interface Upload {
        void data(byte[] bytes);

        /** The body ended: answer now or later through the exchange. */
        void end();

        /** The connection closed before this upload was answered. */
        void aborted();
    }
}
