/**
 * TLS for ingest listeners (RTMPS): the server's certificate and key, from settings (PEM, in Azure
 * a Key Vault reference) or, on a laptop, a self-signed certificate made once and kept in the data
 * folder (RFC 5280 X.509 v3, ECDSA P-256, built with BouncyCastle). Keys are never logged: only
 * the certificate's subject, fingerprint and expiry are.
 */
package io.livepipe.encoder.tls;
