/**
 * livepipe's own event types ({@code Livepipe.*}) and their data records: channel state
 * changes, and later program and asset lifecycle. Event Grid envelope as everywhere.
 */
package io.livepipe.events.livepipe;
