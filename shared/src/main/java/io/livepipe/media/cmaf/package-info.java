/**
 * The fragmenter stage (ISO/IEC 23000-19 CMAF, section 7: CMAF tracks, fragments aligned on
 * keyframes): from ingest samples to one CMAF header and a sequence of fragments per track,
 * with continuous decode times across fragments and encoder reconnects.
 */
package io.livepipe.media.cmaf;
