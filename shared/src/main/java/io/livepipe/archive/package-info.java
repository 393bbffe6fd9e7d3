/**
 * The archive: segments written once under their channel run, named so that a BlobCreated
 * event is enough to place them in a timeline ({@link io.livepipe.archive.SegmentName}), and
 * the stage that writes them ({@link io.livepipe.archive.SegmentWriter}).
 */
package io.livepipe.archive;
