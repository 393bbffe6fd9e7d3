/**
 * The Media Services live event types and their {@code data} records, with the field names and
 * wire types the retired service used (timestamps, timescales and ports as strings, bitrates as
 * integers), so that automation written for it keeps working. Tests parse each with the Event
 * Grid SDK's {@code MediaLiveEvent*EventData} classes.
 */
package io.livepipe.events.media;
