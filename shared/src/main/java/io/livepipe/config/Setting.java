package io.livepipe.config;

/**
 * Every app setting livepipe reads, in one list: the Functions app's settings in Azure, the
 * {@code Values} of {@code local.settings.json} locally, or environment variables. Tests check
 * that {@code local.settings.json.example} (and the Bicep templates) set each of them.
 */
public enum Setting {
    LIVEPIPE_STORAGE("file", "Storage backend: file (data on disk) or azure (Blob storage or Azurite)."),
    LIVEPIPE_DATA_DIR(".livepipe", "Folder of the file backend's data."),
    LIVEPIPE_STORAGE_CONNECTION_STRING("", "Blob storage connection string (Azurite or an account key); empty: use LIVEPIPE_STORAGE_ACCOUNT_URL with a managed identity."),
    LIVEPIPE_STORAGE_ACCOUNT_URL("", "Blob endpoint, e.g. https://ACCOUNT.blob.core.windows.net, used with DefaultAzureCredential."),
    LIVEPIPE_MEDIA_CONTAINER("media", "Container of segments and init segments."),
    LIVEPIPE_STATE_CONTAINER("state", "Container of documents: channels, programs, assets, locators, policies."),
    LIVEPIPE_EVENTS("inprocess", "Event backend: inprocess (delivered to the function methods in this process) or eventgrid (a custom topic)."),
    LIVEPIPE_EVENTGRID_TOPIC_ENDPOINT("", "Event Grid custom topic endpoint, e.g. https://TOPIC.REGION-1.eventgrid.azure.net/api/events."),
    LIVEPIPE_EVENTGRID_TOPIC_KEY("", "Event Grid topic access key; empty: DefaultAzureCredential (EventGrid Data Sender role)."),
    LIVEPIPE_EVENTGRID_TOPIC_ID("/subscriptions/local/resourceGroups/local/providers/Microsoft.EventGrid/topics/livepipe", "The topic's resource id, as the topic field of events published in-process."),
    LIVEPIPE_FUNCTION_KEY("", "Function key the local host demands on function-level routes (x-functions-key header or code query parameter); empty: a random key is made and written to the data folder."),
    LIVEPIPE_HTTP_PORT("7071", "Local host HTTP port (the Functions host's default)."),
    LIVEPIPE_RTMP_PORT("1935", "RTMP ingest port."),
    LIVEPIPE_RTMPS_PORT("2935", "RTMPS ingest port (RTMP over TLS; Media Services used 2935)."),
    LIVEPIPE_RTMPS_CERTIFICATE("", "PEM certificate chain of the RTMPS listener, leaf first; may also hold the private key (a Key Vault certificate's secret in PEM form); in Azure a Key Vault reference. Empty: a self-signed certificate made on first start and kept in the data folder."),
    LIVEPIPE_RTMPS_PRIVATE_KEY("", "PEM PKCS#8 private key of the RTMPS certificate; empty: taken from LIVEPIPE_RTMPS_CERTIFICATE (or the data folder's self-signed one). Never logged."),
    LIVEPIPE_PUSH_INGEST_PORT("", "Port in the HTTP push ingest URLs handed out (http://HOST:PORT/ingest/{streamKey}/...; the encoder service's HTTP port, where /ingest is served); empty: LIVEPIPE_HTTP_PORT."),
    LIVEPIPE_RTMP_MAX_CONNECTIONS("256", "RTMP connections the encoder service holds at once; one more is closed at accept."),
    LIVEPIPE_RTMP_MAX_CONNECTIONS_PER_ADDRESS("16", "RTMP connections from one remote address at once (raise it behind a proxy that hides client addresses)."),
    LIVEPIPE_RTMP_MAX_BUFFERED_BYTES("16777216", "Bytes of partial RTMP messages one publishing connection may hold (at least the largest keyframe, 8 MiB at most per message); beyond it the connection is closed."),
    LIVEPIPE_RTMP_MAX_BUFFERED_BYTES_TOTAL("268435456", "Bytes of partial RTMP messages all connections together may hold; the connection that would go beyond it is closed."),
    LIVEPIPE_RTMP_MESSAGE_TIMEOUT("PT10S", "ISO 8601 duration within which an RTMP message must be complete once its first chunk arrived; a trickling connection is closed."),
    LIVEPIPE_SRT_PORT("9000", "SRT ingest UDP port, one for every channel (the caller's streamid carries the stream key); off: no SRT listener."),
    LIVEPIPE_SRT_LATENCY("PT0.12S", "ISO 8601 duration (PT0S to PT10S) of SRT receiver latency the listener asks for (SRTO_RCVLATENCY); the larger of both sides' wins."),
    LIVEPIPE_LEASE_DURATION("PT30S", "ISO 8601 duration (15 to 60 s, Blob storage's limits) of the lease an encoder replica holds on each channel it ingests; a replica that dies frees its channels after it, renewed every third of it."),
    LIVEPIPE_REPLICA_ORIGIN("", "URL at which the other encoder replicas reach this replica's HTTP origin (http://HOST:PORT), written into the channel leases it takes so that a low-latency request reaching another replica is proxied here; empty: http://<this host's address>:<the bound HTTP port>."),
    LIVEPIPE_REPLICA_NAME("", "Name of this encoder replica in lease records, events and logs, unique among live replicas (a replica back under its name holds its leases again at once); empty: the host name (a Container App replica's) with a random suffix, or local on the local platform."),
    LIVEPIPE_HTTP_REQUEST_DEADLINE_SECONDS("20", "Seconds an HTTP client has from a request's first byte to its last (header and body) before it is answered 408 and closed."),
    LIVEPIPE_INGEST_STALL_TIMEOUT("PT20S", "ISO 8601 duration a channel's ingest stage may stay full (storage slower than the encoder, its socket no longer read) before the encoder is cut with MPE_INGEST_BITRATE_AGGREGATED_EXCEEDED."),
    LIVEPIPE_INGEST_FAILOVER_THRESHOLD("PT3S", "ISO 8601 duration the active input of a channel with a backup publisher may deliver nothing before the backup becomes active."),
    LIVEPIPE_PUBLIC_HOST("localhost", "Host name put into ingest, preview and playback URLs handed to users."),
    LIVEPIPE_PREVIEW_KEY("", "Base64 key (at least 128 bits) signing short-lived preview URLs; empty: a random key per process (set it when several instances serve previews)."),
    LIVEPIPE_KEY_ENCRYPTION_KEY("", "Base64 256-bit AES key wrapping content keys at rest (RFC 3394 AES Key Wrap); in Azure a Key Vault reference, required; empty locally: made once and kept in .livepipe/key-encryption-key (mode 0600)."),
    LIVEPIPE_TOKEN_SIGNING_KEYS("", "JWK Set (JSON) of private playback-token signing keys, each with kid and alg (ES256, RS256 or HS256); the first signs, every one verifies (rotate by prepending). Required in Azure; empty locally: one ES256 key made once and kept in .livepipe/token-signing-keys.json (mode 0600)."),
    LIVEPIPE_TOKEN_ISSUER("livepipe", "iss of playback tokens livepipe issues (a token content key policy names the issuer it accepts)."),
    LIVEPIPE_TOKEN_AUDIENCE("livepipe-playback", "aud of playback tokens livepipe issues (a token content key policy names the audience it accepts)."),
    LIVEPIPE_WIDEVINE_LICENSE_URL("", "Upstream Widevine license server the token-checking proxy forwards challenges to; empty: the route answers 404."),
    LIVEPIPE_PLAYREADY_LICENSE_URL("", "Upstream PlayReady license server the token-checking proxy forwards challenges to; empty: the route answers 404."),
    LIVEPIPE_FAIRPLAY_LICENSE_URL("", "Upstream FairPlay license server the token-checking proxy forwards challenges to; empty: the route answers 404."),
    LIVEPIPE_STREAMING_FRESHNESS("PT0.5S", "ISO 8601 duration, 0 to 2 s, for which a streaming endpoint answers from what it last read of a locator and its asset's timeline: a live playlist may lag a stamped segment by up to this, and a locator or asset deleted through another instance stops playing within it (at once through this one). PT0S reads them on every request."),
    LIVEPIPE_LL_PART_TARGET("PT0.5S", "ISO 8601 duration of the chunked CMAF parts of low-latency channels (streamOptions LowLatency): the LL-HLS part target, 0.2 s to the channel's key-frame interval."),
    LIVEPIPE_LL_RING_SEGMENTS("8", "Whole segments (with their parts) the encoder service keeps in memory per rendition of each low-latency channel, 4 to 64; the LL-HLS playlists list these."),
    LIVEPIPE_HTTPS_PORT("", "Local host HTTPS port, the same routes over TLS (the AMS SDK's bearer tokens need HTTPS); certificate: LIVEPIPE_RTMPS_CERTIFICATE, else the self-signed one kept in the data folder; empty: off."),
    LIVEPIPE_ARM_AUTH("token", "How the ARM (Azure Media Services v3) management face checks its bearer tokens: token (equal to LIVEPIPE_ARM_TOKEN) or entra (Entra ID tokens of LIVEPIPE_ARM_TENANT_ID for LIVEPIPE_ARM_AUDIENCE)."),
    LIVEPIPE_ARM_TOKEN("", "The bearer token the ARM face accepts with LIVEPIPE_ARM_AUTH=token (at least 16 characters); empty locally: the function key; empty in Azure: the ARM face refuses every call."),
    LIVEPIPE_ARM_TENANT_ID("", "Entra ID tenant whose tokens the ARM face accepts with LIVEPIPE_ARM_AUTH=entra."),
    LIVEPIPE_ARM_AUDIENCE("", "aud the ARM face's Entra ID tokens must carry (the app's Application ID URI, which is what the SDK's managementEndpointUrl names)."),
    LIVEPIPE_ARM_ALLOWED_OBJECT_IDS("", "Comma-separated Entra object ids (oid) of the callers the ARM face admits with LIVEPIPE_ARM_AUTH=entra; empty: every caller of the tenant with a token for the audience."),
    LIVEPIPE_STREAMING_HOST_NAME("", "hostName of the ARM face's default streaming endpoint: the host (and port) players reach /{locator}/... at (in Azure Front Door's host); empty locally: LIVEPIPE_PUBLIC_HOST with the HTTPS port when on, else the HTTP port."),
    LIVEPIPE_AMS_SUBSCRIPTION_ID("", "Subscription id of the Media Services account livepipe stands in for: with LIVEPIPE_AMS_RESOURCE_GROUP and LIVEPIPE_AMS_ACCOUNT_NAME, events carry the account's resource id as topic and the ARM face answers only for that account; empty: any."),
    LIVEPIPE_AMS_RESOURCE_GROUP("", "Resource group of the Media Services account livepipe stands in for (see LIVEPIPE_AMS_SUBSCRIPTION_ID)."),
    LIVEPIPE_AMS_ACCOUNT_NAME("", "Name of the Media Services account livepipe stands in for (see LIVEPIPE_AMS_SUBSCRIPTION_ID)."),
    LIVEPIPE_PUBLIC_BASE_URL("", "Base URL players reach this platform's routes at (key delivery, licenses, previews); empty: http://LIVEPIPE_PUBLIC_HOST:LIVEPIPE_HTTP_PORT.");


    private final String defaultValue;
    private final String description;

    Setting(String defaultValue, String description) {
        this.defaultValue = defaultValue;
        this.description = description;
    }

    public String defaultValue() { return defaultValue; }

    public String description() { return description; }
}
