// Event Grid subscriptions delivering to the Functions app: BlobCreated of segments to
// ArchiveStamp, channel and Livepipe.* events to ChannelEvents, and optionally the same
// events to a user's webhook. The filters are those of io.livepipe.events.EventSubscriptions,
// which the local host applies in-process. An Azure Function endpoint must exist when its
// subscription is made, so main.bicep deploys this module once the code is deployed.

@description('Name of the custom topic of channel and livepipe events.')
param topicName string

@description('Name of the storage account\'s system topic.')
param systemTopicName string

@description('Resource id of the Functions app.')
param functionAppId string

@description('Container of segments; only its channels/ paths reach ArchiveStamp.')
param mediaContainerName string

@description('HTTPS URL of a user webhook receiving every channel and livepipe event (empty: none).')
param userWebhookUrl string = ''

@description('Hours Event Grid keeps retrying a delivery.')
@minValue(1)
@maxValue(24)
param eventTimeToLiveHours int = 24

resource topic 'Microsoft.EventGrid/topics@2022-06-15' existing = {
  name: topicName
}

resource systemTopic 'Microsoft.EventGrid/systemTopics@2022-06-15' existing = {
  name: systemTopicName
}

var retryPolicy = {
  maxDeliveryAttempts: 30
  eventTimeToLiveInMinutes: eventTimeToLiveHours * 60
}

// Channel events are the Media Services types and livepipe's own; the topic carries nothing
// else today, but the filter keeps ChannelEvents to what it understands.
var channelEventFilter = {
  enableAdvancedFilteringOnArrays: true
  advancedFilters: [
    {
      operatorType: 'StringBeginsWith'
      key: 'eventType'
      values: [ 'Microsoft.Media.', 'Livepipe.' ]
    }
  ]
}

resource archiveStamp 'Microsoft.EventGrid/systemTopics/eventSubscriptions@2022-06-15' = {
  parent: systemTopic
  name: 'archive-stamp'
  properties: {
    eventDeliverySchema: 'EventGridSchema'
    destination: {
      endpointType: 'AzureFunction'
      properties: {
        resourceId: '${functionAppId}/functions/ArchiveStamp'
        maxEventsPerBatch: 1
      }
    }
    filter: {
      includedEventTypes: [ 'Microsoft.Storage.BlobCreated' ]
      subjectBeginsWith: '/blobServices/default/containers/${mediaContainerName}/blobs/channels/'
    }
    retryPolicy: retryPolicy
  }
}

resource channelEvents 'Microsoft.EventGrid/topics/eventSubscriptions@2022-06-15' = {
  parent: topic
  name: 'channel-events'
  properties: {
    eventDeliverySchema: 'EventGridSchema'
    destination: {
      endpointType: 'AzureFunction'
      properties: {
        resourceId: '${functionAppId}/functions/ChannelEvents'
        maxEventsPerBatch: 1
      }
    }
    filter: channelEventFilter
    retryPolicy: retryPolicy
  }
}

resource userWebhook 'Microsoft.EventGrid/topics/eventSubscriptions@2022-06-15' = if (!empty(userWebhookUrl)) {
  parent: topic
  name: 'user-webhook'
  properties: {
    eventDeliverySchema: 'EventGridSchema'
    destination: {
      endpointType: 'WebHook'
      properties: {
        endpointUrl: userWebhookUrl
      }
    }
    filter: channelEventFilter
    retryPolicy: retryPolicy
  }
}

@description('Names of the subscriptions made.')
output subscriptionNames array = concat([ archiveStamp.name, channelEvents.name ], empty(userWebhookUrl) ? [] : [ 'user-webhook' ])
