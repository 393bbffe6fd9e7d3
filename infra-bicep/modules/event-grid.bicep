// Event Grid topics: the custom topic livepipe publishes channel and Livepipe.* events to,
// and the storage account's system topic that emits Microsoft.Storage.BlobCreated.

@description('Azure region of the topics.')
param location string

@description('Name of the custom topic for channel and livepipe events.')
param topicName string

@description('Name of the storage account\'s system topic.')
param systemTopicName string

@description('Resource id of the storage account whose blob events the system topic emits.')
param storageAccountId string

@description('Tags applied to every resource of this module.')
param tags object = {}

resource topic 'Microsoft.EventGrid/topics@2022-06-15' = {
  name: topicName
  location: location
  tags: tags
  properties: {
    inputSchema: 'EventGridSchema'
    // Publishers authenticate with Entra ID (EventGrid Data Sender), never a topic key.
    disableLocalAuth: true
    publicNetworkAccess: 'Enabled'
  }
}

resource systemTopic 'Microsoft.EventGrid/systemTopics@2022-06-15' = {
  name: systemTopicName
  location: location
  tags: tags
  properties: {
    source: storageAccountId
    topicType: 'Microsoft.Storage.StorageAccounts'
  }
}

@description('Name of the custom topic.')
output topicName string = topic.name

@description('Resource id of the custom topic (LIVEPIPE_EVENTGRID_TOPIC_ID).')
output topicId string = topic.id

@description('Endpoint of the custom topic (LIVEPIPE_EVENTGRID_TOPIC_ENDPOINT).')
output topicEndpoint string = topic.properties.endpoint

@description('Name of the storage system topic.')
output systemTopicName string = systemTopic.name
