/**
 * The one refusal type and its one answer: services throw {@link io.livepipe.http.Refusal} (a
 * reason naming the HTTP status, a detail safe to return), and every edge — the function classes,
 * the local host, the encoder service's host, the streaming endpoint — answers it through
 * {@link io.livepipe.http.Problem} as RFC 9457 problem details, logging each 5xx with its stack.
 * Three subclasses exist where a caller's control flow needs the distinct type, each carrying the
 * same reason and detail: {@link io.livepipe.http.MalformedRequestException} (the host closes the
 * connection after it, and takes no stack trace of outside floods), {@code json.MalformedJsonException}
 * (ARM words it {@code InvalidRequestContent}) and {@code token.TokenRejectedException} (its
 * reason code and Bearer challenge, RFC 6750 §3). Media-parse and storage control-flow exceptions
 * are not refusals: their callers decide what they mean.
 *
 * <p>Also the HTTP/1.1 request decisions every livepipe host makes alike, pure and bounded: the request
 * target (RFC 9112 §3.2, its characters per RFC 3986 §3.3–3.4), the Host field (RFC 9112 §3.2:
 * exactly one on HTTP/1.1), byte ranges (RFC 9110 §14.1–14.2: invalid, unknown-unit or
 * multi-range headers are ignored, an unsatisfiable range is 416) and the named limits of the
 * hosts' servers. Their failures are {@link io.livepipe.http.MalformedRequestException}s, whose
 * message never repeats the input (paths and queries carry tokens and keys). Left out:
 * multipart/byteranges answers, If-Range, asterisk-form and authority-form targets.
 */
package io.livepipe.http;
