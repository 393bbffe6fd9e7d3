package io.livepipe.encoder.lowlatency;

/** An LL-DASH segment being sent as its parts are cut: chunks so far, then the end. */
final class SegmentStreamer {
    final String rendition;
    final long msn;
    final java.util.function.Consumer<byte[]> chunk;
    final Runnable end;
    int sent;

    SegmentStreamer(String rendition, long msn, java.util.function.Consumer<byte[]> chunk, Runnable end) {
        this.rendition = rendition;
        this.msn = msn;
        this.chunk = chunk;
        this.end = end;
    }
}

