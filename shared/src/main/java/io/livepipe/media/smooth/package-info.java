/**
 * Smooth Streaming as MS-SSTR (Microsoft's [MS-SSTR] Smooth Streaming Protocol, v8.0) defines
 * it: fragments (§2.2.4: moof and mdat with the {@code tfxd} box of §2.2.4.4, and while live the
 * {@code tfrf} of §2.2.4.5 announcing the fragments after it), made from the samples of our
 * stored CMAF segments, and the client manifest (§2.2.2, {@link io.livepipe.media.smooth.SmoothWriter},
 * from the plain records of {@code media.manifest}). Left out: PIFF's own sample encryption box
 * (protected fragments carry ISO/IEC 23001-7 {@code senc}/{@code saiz}/{@code saio} as our DASH
 * segments do), text and sparse streams, and trick-play (key-frame-only) requests.
 */
package io.livepipe.media.smooth;
