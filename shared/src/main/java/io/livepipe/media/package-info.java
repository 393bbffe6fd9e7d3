/**
 * Media values shared by every stage of the pipeline (ingest, fragmenter, packager): samples
 * and decoder configurations, and {@link io.livepipe.media.ByteCursor}, the bounds-checked
 * reader every byte-level parser uses. Format parsers and writers live in sub-packages, one per
 * format; none does I/O except the FLV stream reader, and each bounds what it allocates.
 */
package io.livepipe.media;
