/**
 * CPIX documents (DASH-IF Content Protection Information Exchange 2.3) carrying an asset's
 * content keys to a commercial DRM service or packager: {@code ContentKeyList} (§5.3.4) with
 * each key encrypted under a random document key (AES-256-CBC, IV prepended, HMAC-SHA512 over
 * IV and ciphertext in {@code pskc:ValueMAC}), the document and MAC keys encrypted to the
 * recipient's RSA certificate with RSA-OAEP-MGF1P in {@code DeliveryDataList} (§5.3.2, §6.2),
 * and a {@code DRMSystemList} (§5.3.5) entry per key for Widevine and PlayReady.
 *
 * <p>Decision: livepipe never writes keys in the clear: a request without a recipient
 * certificate is refused (400), though CPIX allows plain values. Left out: document and
 * element signatures (§6.3), usage rules beyond track type, key periods, PSSH payloads (the
 * crypto package writes those), and reading CPIX.
 */
package io.livepipe.protection.cpix;
