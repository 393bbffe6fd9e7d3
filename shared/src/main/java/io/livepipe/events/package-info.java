/**
 * The event port: Event Grid–schema events ({@link io.livepipe.events.EventGridEvent}), their
 * JSON form, publishers (Event Grid custom topic through the Event Grid SDK; in-process delivery
 * on one machine) and the subscriptions that route them to functions. Delivery is at least once
 * and unordered everywhere; every consumer is idempotent.
 */
package io.livepipe.events;
