package io.livepipe.encoder.http;

import java.net.InetSocketAddress;

/** The connection side of one upload, for its route: any thread may call these. */
public interface UploadExchange {
    /**
     * Answers the upload, once. Before the body ended this is a refusal: the connection is closed
     * after the answer and the rest of the body is never read.
     */
    void answer(HostResponse response);

    /** Stops ({@code false}) or resumes reading the connection: the sender's bytes wait in TCP meanwhile. */
    void reading(boolean on);

    InetSocketAddress remote();

    int localPort();
}
