/**
 * The local platform: one process that hosts the function classes on the Azure Functions
 * host's routes ({@code /api/{route}}, Event Grid webhooks at
 * {@code /runtime/webhooks/eventgrid?functionName=NAME}), checks function keys as the host
 * does, delivers events in-process with Event Grid's at-least-once contract, serves the web
 * pages, and will host the encoder service. With {@code LIVEPIPE_HTTPS_PORT} it serves the same
 * routes over TLS too (the RTMPS certificate), which the Azure Media Services SDK needs for its
 * bearer tokens; the ARM face's paths are also taken at the site root ({@code /subscriptions/...},
 * where Resource Manager has them) and with repeated slashes collapsed. No business rules live here.
 */
package io.livepipe.local;
