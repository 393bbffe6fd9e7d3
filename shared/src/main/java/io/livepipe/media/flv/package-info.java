/**
 * FLV tag bodies (Adobe FLV specification v10.1, annex E.4.2 and E.4.3) as RTMP carries them:
 * H.264 and AAC to samples and decoder configurations, other codecs reported by name. The FLV
 * file container (header, previous-tag sizes) is not needed for RTMP and left out. Written
 * ourselves: no maintained Java FLV library exists.
 */
package io.livepipe.media.flv;
