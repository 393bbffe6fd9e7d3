/**
 * Common encryption of livepipe's CMAF (ISO/IEC 23001-7:2016, "CENC"), applied on the fly to the
 * clear stored copy: the header transform (sample entry to {@code encv}/{@code enca} with
 * {@code sinf}: frma, schm, schi/tenc, sections 4, 8.2 and 8.1 for {@code pssh} in moov), the
 * fragment transform (senc, section 7.2, with saiz/saio of ISO/IEC 14496-12 sections 8.7.8–8.7.9;
 * trun data offset moved; mdat encrypted), AVC subsample maps (section 9.5, slice headers clear
 * per 9.5.2.2), the {@code cenc} and {@code cbcs} schemes (sections 10.1, 10.4), and pssh data for
 * Widevine, PlayReady and the W3C common system. HLS AES-128 (RFC 8216 section 4.3.2.4) is
 * {@link io.livepipe.crypto.Envelope}. Written here because no maintained
 * Java library writes these formats.
 *
 * <p>Determinism and IVs. Output bytes depend only on the clear bytes, key, key id and the
 * caller's 64-bit segment identity, so every viewer and CDN sees the same segment. {@code cenc}
 * uses 16-byte per-sample IVs: the upper 64 bits are the segment identity XOR a mask that is the
 * first 8 bytes of AES-128_K("livepipe/cenc/iv"); the lower 64 bits are the sample's index in the
 * segment shifted left by 40, and AES-CTR counts blocks from there. For a fixed key the upper
 * half is injective in the identity, the index separates samples, and a sample would need 2^40
 * blocks to reach the next one's counter, so no counter block is used twice under one key as
 * long as no two segments under that key share an identity. Production
 * ({@code io.livepipe.streaming.OnTheFlyEncryption}) takes the identity as the first 64 bits of
 * SHA-256 over rendition, run and decode time: distinct identities for distinct segments except
 * with the probability of a 64-bit hash collision, at most n^2 / 2^65 for n segments under one
 * key (below 10^-7 for a million segments). The 64-bit counter never carries, so players that
 * increment 64 or 128 bits agree. A CMAF chunk of a segment (ISO/IEC 23000-19 §7.3.3, a
 * low-latency part) is encrypted with {@link io.livepipe.media.cenc.CmafEncryption#encryptChunk}
 * under its segment's identity and the index its first sample has in the segment, so each sample
 * keeps the IV it has in the whole segment. {@code cbcs} uses, as CMAF and Apple do, a
 * constant IV per track in tenc: the first 16 bytes of SHA-256("livepipe/cbcs/constant-iv" ||
 * key id), fixed by the key id because the header is built without the key; the chain restarts
 * at it in every subsample (section 10.4.2). For HLS AES-128 see {@link io.livepipe.crypto.HlsIv}.
 *
 * <p>Where the output goes: {@link io.livepipe.media.cenc.CmafEncryption#encryptSegment} writes
 * a new array; {@link io.livepipe.media.cenc.CmafEncryption#encryptSegmentInPlace} writes the
 * same bytes as a new head (up to the traf's end, with senc/saiz/saio) and the rest encrypted
 * within the caller's own clear array ({@link io.livepipe.media.cenc.ProtectedFragment}), which
 * spares a servable segment's copy: a server sends the two slices one after the other.
 *
 * <p>Audio: {@code cenc} encrypts whole AAC samples (no subsamples); {@code cbcs} encrypts every
 * whole 16-byte block of the sample (pattern 0:0 in tenc, no senc needed: constant IV, no
 * subsamples), leaving the trailing partial block clear. Left out: {@code cens}/{@code cbc1},
 * HEVC, key rotation, sample groups (seig), multi-track files, and decryption.
 */
package io.livepipe.media.cenc;
