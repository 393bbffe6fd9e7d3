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
    LIVEPIPE_PUBLIC_HOST("localhost", "Host name put into ingest, preview and playback URLs handed to users."),
    LIVEPIPE_PREVIEW_KEY("", "Base64 key (at least 128 bits) signing short-lived preview URLs; empty: a random key per process (set it when several instances serve previews).");

    private final String defaultValue;
    private final String description;

    Setting(String defaultValue, String description) {
        this.defaultValue = defaultValue;
        this.description = description;
    }

    public String defaultValue() { return defaultValue; }

    public String description() { return description; }
}
