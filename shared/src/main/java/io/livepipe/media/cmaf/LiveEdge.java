package io.livepipe.media.cmaf;

/**
 * Where a run's chunked CMAF goes as it is made (the encoder service's low-latency origin), beside
 * the archive: each rendition's header, each part as soon as it is cut, and each fragment once
 * whole (its parts all came before it). Called on the channel's media thread: implementations
 * return at once.
 */
public interface LiveEdge {
    void init(String rendition, Segment init);

    void part(String rendition, Part part);

    void segment(String rendition, Segment segment);

    static LiveEdge none() {
        return new LiveEdge() {
            @Override public void init(String rendition, Segment init) { }
            @Override public void part(String rendition, Part part) { }
            @Override public void segment(String rendition, Segment segment) { }
        };
    }
}
