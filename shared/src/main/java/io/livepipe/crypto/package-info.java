/**
 * AES-128 modes for content protection, behind one {@link io.livepipe.crypto.Encryptor}
 * interface: CTR for the {@code cenc} scheme (ISO/IEC 23001-7:2016 section 10.1), CBC with the
 * 1:9 crypt/skip pattern and a constant IV for {@code cbcs} (section 10.4, pattern as in
 * section 9.6), and CBC with PKCS#7 padding over a whole segment for HLS {@code METHOD=AES-128}
 * (RFC 8216 section 4.3.2.4; IV rules in section 5.2). The block cipher is the JDK's
 * ({@code javax.crypto}, AES/CTR/NoPadding and AES/CBC/NoPadding, which use AES-NI); what is
 * ours is only the pattern and the state handling, because no maintained Java library writes
 * the ISO/IEC 23001-7 schemes. Left out: {@code cens}, {@code cbc1}, AES-192/256, decryption
 * (tests decrypt with FFmpeg and OpenSSL).
 */
package io.livepipe.crypto;
