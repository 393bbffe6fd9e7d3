/**
 * The fragmenter stage (ISO/IEC 23000-19 CMAF, section 7: CMAF tracks, fragments aligned on
 * keyframes): from ingest samples to one CMAF header and a sequence of fragments per track,
 * with continuous decode times across fragments and encoder reconnects.
 *
 * <p><b>Timestamps with B-frames (issue 16).</b> A fragment's {@code tfdt} is its first
 * sample's decode time and its composition offsets are the encoder's (zero or more, in trun
 * version 1); the header has no edit list. So every presentation time is the contribution's
 * (shifted as the whole session is), and a video fragment presents from its keyframe: its
 * {@code tfdt} plus the encoder's reordering delay (x264 with B-frames: one or two frames),
 * after the last frame of the fragment before it. Across a reconnect or a restart the new
 * session is moved, every track alike, until each track starts after its own decode end and
 * video presents after the last frame presented before (a session with a shorter reordering
 * delay than the one before would otherwise present early).
 *
 * <p>Making each fragment present from its {@code tfdt} (the time a DASH SegmentTimeline gives
 * it; CMAF and DASH-IF want the two equal) means moving video decode times later by the delay
 * and taking it off again in the file. Both ways were measured with FFmpeg 5.1 and GStreamer
 * 1.22 and not taken: negative composition offsets (trun v1) are read by both as if every
 * frame presented later by the most negative offset (ArchiveEndToEndTest's source: video a
 * frame late against audio, lead 0.055 s for 0.021 s contributed); an edit list ({@code elst}
 * media_time = delay) is applied by FFmpeg (and by MSE, whose ISO BMFF byte stream format requires it) but ignored by GStreamer's
 * {@code dashdemux2} and {@code hlsdemux2}, which then play video the delay late. What stays:
 * a DASH {@code S@t} is one reordering delay before the fragment's earliest presentation time.
 * Every player tried plays that in sync and without a "decreasing timestamp" warning; stating
 * the exact time would need the delay of each segment in the manifests.
 */
package io.livepipe.media.cmaf;
