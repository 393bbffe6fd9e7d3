/**
 * Smooth Streaming fragments as MS-SSTR (Microsoft's [MS-SSTR] Smooth Streaming Protocol, v8.0)
 * §2.2.4 defines them: moof and mdat with the {@code tfxd} box of §2.2.4.4, made from the
 * samples of our stored CMAF segments. The client manifest (§2.2.2) is written by
 * {@code io.livepipe.streaming.SmoothWriter}. Left out: {@code tfrf} (§2.2.4.5; our live manifests
 * announce no look-ahead fragments), PIFF's own sample encryption box (protected fragments carry
 * ISO/IEC 23001-7 {@code senc}/{@code saiz}/{@code saio} as our DASH segments do), text and
 * sparse streams, and trick-play (key-frame-only) requests.
 */
package io.livepipe.media.smooth;
