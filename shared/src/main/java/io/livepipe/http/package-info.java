/**
 * HTTP/1.1 request decisions every livepipe host makes alike, pure and bounded: the request
 * target (RFC 9112 §3.2, its characters per RFC 3986 §3.3–3.4), the Host field (RFC 9112 §3.2:
 * exactly one on HTTP/1.1), byte ranges (RFC 9110 §14.1–14.2: invalid, unknown-unit or
 * multi-range headers are ignored, an unsatisfiable range is 416) and the named limits of the
 * hosts' servers. Failures are {@link io.livepipe.http.MalformedRequestException}, whose
 * message never repeats the input (paths and queries carry tokens and keys). Left out:
 * multipart/byteranges answers, If-Range, asterisk-form and authority-form targets.
 */
package io.livepipe.http;
