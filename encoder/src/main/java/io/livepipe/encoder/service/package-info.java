/**
 * The encoder service as a process of its own, as it runs in a container on Azure Container
 * Apps: RTMP ingest, the channel runtime and the archive writer, with Blob storage and an Event
 * Grid custom topic from the app settings, a health endpoint for the platform's probes and the
 * streaming endpoint's origin ({@code /{locator}/...}) on the shared {@link io.livepipe.encoder.http.HttpHost}.
 * The Functions app serves everything else (management, keys, preview). It leaves out channel claims across replicas
 * (Blob leases, DESIGN.md "Growing past one machine"): run one replica until they exist.
 */
package io.livepipe.encoder.service;
