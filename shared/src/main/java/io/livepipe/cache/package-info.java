/**
 * Bounded in-memory caches for values that are cheap to check and dear to make (rendered
 * manifests, verified token signatures). Bounded by entries and by weight, least recently used
 * first out; what makes an entry valid is decided by the caller's key, never by age here.
 */
package io.livepipe.cache;
