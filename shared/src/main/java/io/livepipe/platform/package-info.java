/**
 * The composition of one process: {@link io.livepipe.platform.Platform} holds the ports
 * (storage, events, clock) and settings that function classes and the encoder service share.
 */
package io.livepipe.platform;
