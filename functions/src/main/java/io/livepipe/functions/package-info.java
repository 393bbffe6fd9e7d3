/**
 * Azure Functions entry points, one class per concern. Each is an adapter: it parses its
 * trigger, calls a service in {@code shared}, and maps the result to a response. Each has a
 * no-argument constructor for the Functions host (the process's services from app settings, by
 * {@link io.livepipe.functions.FunctionsPlatform}) and one taking a
 * {@link io.livepipe.platform.ServiceGraph} for the local host and tests. Constructors only pick
 * services from the graph: however many instances the worker makes, caches are built once.
 */
package io.livepipe.functions;
