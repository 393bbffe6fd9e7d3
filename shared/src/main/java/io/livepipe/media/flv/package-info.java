/**
 * FLV (Adobe FLV specification v10.1): tag bodies as RTMP carries them (annex E.4.2 and E.4.3),
 * H.264 and AAC to samples and decoder configurations, other codecs reported by name
 * ({@link io.livepipe.media.flv.FlvTags}); and the FLV file container (header and tags with
 * their PreviousTagSize fields, annex E.2 and E.3), written by {@link io.livepipe.media.flv.FlvWriter}
 * as the stream FFmpeg encodes a channel's ladder from, and read back, rung by rung, from FFmpeg's
 * output by {@link io.livepipe.media.flv.FlvReader}. Script data tags are skipped. Written
 * ourselves: no maintained Java FLV library exists.
 */
package io.livepipe.media.flv;
