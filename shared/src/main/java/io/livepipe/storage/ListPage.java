package io.livepipe.storage;

import java.util.List;

/**
 * One page of a listing, in path order, and the continuation that asks for the next page (null
 * after the last): a caller that must decide on every blob under a prefix pages until it is null.
 */
public record ListPage(List<BlobProperties> blobs, String continuation) {
    public ListPage {
        blobs = List.copyOf(blobs);
    }

    public boolean last() { return continuation == null; }
}
