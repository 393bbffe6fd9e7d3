/**
 * AAC decoder configuration: the AudioSpecificConfig of ISO/IEC 14496-3 section 1.6.2.1
 * (object type, sampling frequency, channel configuration); program config elements and
 * extension signalling after them are not interpreted.
 */
package io.livepipe.media.aac;
