package io.livepipe.media.manifest;

/**
 * What a manifest says about one key: its id (UUID), the HLS key URI (AES-128 key delivery,
 * or {@code skd://} for FairPlay), the base64 {@code pssh} boxes for Widevine and PlayReady,
 * the base64 PlayReady header object, and the license URLs players are pointed at.
 */
public record KeySignalling(String keyId, String hlsKeyUri, String widevinePssh, String playReadyPssh,
                            String playReadyObject, String clearKeyLicenseUrl, String widevineLicenseUrl,
                            String playReadyLicenseUrl) { }
