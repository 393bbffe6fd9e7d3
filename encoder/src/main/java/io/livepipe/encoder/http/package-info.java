/**
 * livepipe's own HTTP/1.1 server (Netty), shared by the local host and the encoder service's
 * origin: whole requests within {@link io.livepipe.http.HttpLimits}, a request deadline over
 * header and body (408, then close), the request target and Host checks of
 * {@link io.livepipe.http} before routing (400, then close), routes on a bounded worker pool, and
 * answers written in request order on each connection (RFC 9112 §9.3.2 pipelining), HEAD framed
 * with the GET's Content-Length. Left out: HTTP/2, TLS (a CDN or ingress terminates it), chunked
 * answers (every answer has a length), a write deadline for clients that never read.
 */
package io.livepipe.encoder.http;
