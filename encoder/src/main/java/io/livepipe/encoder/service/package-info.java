/**
 * The encoder service as a process of its own, as it runs in a container on Azure Container
 * Apps: RTMP ingest, the channel runtime and the archive writer, with Blob storage and an Event
 * Grid custom topic from the app settings, a health endpoint for the platform's probes and the
 * streaming endpoint's origin ({@code /{locator}/...}) on the shared {@link io.livepipe.encoder.http.HttpHost}.
 * The Functions app serves everything else (management, keys, preview). Replicas share channels by Blob leases
 * ({@link io.livepipe.encoder.live.ChannelLeases}, docs/scaling.md).
 *
 * <p>The Maven module keeps the name {@code encoder}: it is the service that runs the encoding
 * (FFmpeg's live ladder) beside ingest, and the name is in the image, the Bicep and the settings.
 * Inside it, the program that publishes to us is the broadcaster (publisher), never "encoder";
 * see docs/ingest.md, "Names in the code".
 */
package io.livepipe.encoder.service;
