/** Bounded parsing of JSON from outside (request bodies) into records. */
package io.livepipe.json;
