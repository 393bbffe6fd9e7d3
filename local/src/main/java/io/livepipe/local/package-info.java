/**
 * The local platform: one process that hosts the function classes on the Azure Functions
 * host's routes ({@code /api/{route}}, Event Grid webhooks at
 * {@code /runtime/webhooks/eventgrid?functionName=NAME}), checks function keys as the host
 * does, delivers events in-process with Event Grid's at-least-once contract, serves the web
 * pages, and will host the encoder service. No business rules live here.
 */
package io.livepipe.local;
