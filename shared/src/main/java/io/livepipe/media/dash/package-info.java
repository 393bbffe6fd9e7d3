/**
 * MPEG-DASH MPDs (ISO/IEC 23009-1: §5.3 MPD, §5.3.9.4 SegmentTemplate, §5.3.9.6
 * SegmentTimeline; DASH-IF IOP 4.3 §7.7.2 for ContentProtection), static or dynamic, one Period
 * per run, init segment and reconnect. Written from plain records ({@code media.manifest});
 * leaves out multiple AdaptationSets per type, text and trick play.
 */
package io.livepipe.media.dash;
