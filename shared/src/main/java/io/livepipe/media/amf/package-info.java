/**
 * AMF0 and the AMF3 subset RTMP encoders use (Adobe AMF0 specification section 2; AMF3
 * specification section 3), for RTMP commands and {@code onMetaData}. Every count, length and
 * depth is bounded by {@link io.livepipe.media.amf.AmfLimits} before allocation; malformed
 * input raises {@link io.livepipe.media.amf.AmfException}. Not supported: AMF0 references,
 * AMF3 references to objects, traits and externalizable types. Written ourselves: no
 * maintained Java AMF library exists.
 */
package io.livepipe.media.amf;
