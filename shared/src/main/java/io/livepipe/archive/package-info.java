/**
 * The archive: segments written once under their channel run, named so that a BlobCreated
 * event is enough to place them in a timeline ({@link io.livepipe.archive.SegmentName}), and
 * the stage that writes them ({@link io.livepipe.archive.SegmentWriter}); programs and their
 * assets ({@link io.livepipe.archive.ArchiveService}), whose timelines are kept as append-only
 * chunks beside a small header document ({@link io.livepipe.archive.TimelineChunk}) and put
 * together on reading by a pure function ({@link io.livepipe.archive.TimelineAssembly}). Every
 * path in both stores is {@link io.livepipe.archive.StorageLayout}'s.
 */
package io.livepipe.archive;
