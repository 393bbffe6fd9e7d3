// The storage account: the media container (segments, init segments), the state container
// (documents) and the container the Functions app's deployment package goes to.

@description('Azure region of the account.')
param location string

@description('Name of the storage account (3-24 lowercase letters and digits).')
@minLength(3)
@maxLength(24)
param name string

@description('Replication of the account.')
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
  'Standard_GRS'
  'Standard_RAGRS'
])
param skuName string = 'Standard_LRS'

@description('Container of segments and init segments (LIVEPIPE_MEDIA_CONTAINER).')
param mediaContainerName string

@description('Container of documents: channels, programs, assets, locators (LIVEPIPE_STATE_CONTAINER).')
param stateContainerName string

@description('Container the Functions deployment package is uploaded to.')
param deploymentContainerName string

@description('Days after their last write that segments move to the cool tier (0: never). Segments are immutable, so a VOD asset past this age costs less to keep.')
@minValue(0)
param segmentCoolAfterDays int = 30

@description('Days a deleted blob stays recoverable (soft delete): the retention sweep\'s deletions of unreferenced segments can be undone this long.')
@minValue(1)
@maxValue(365)
param deletedRetentionDays int = 7

@description('Allow account-key (shared key) access. Only the Elastic Premium content share needs it; everything else uses the managed identity.')
param allowSharedKeyAccess bool = false

@description('Tags applied to every resource of this module.')
param tags object = {}

resource account 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: { name: skuName }
  properties: {
    accessTier: 'Hot'
    supportsHttpsTrafficOnly: true
    minimumTlsVersion: 'TLS1_2'
    allowBlobPublicAccess: false
    allowSharedKeyAccess: allowSharedKeyAccess
    defaultToOAuthAuthentication: true
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: account
  name: 'default'
  properties: {
    // Segments are written once and documents change by conditional writes (ETags): no
    // version history is needed, and versions would keep every swept segment billed.
    isVersioningEnabled: false
    deleteRetentionPolicy: {
      enabled: true
      days: deletedRetentionDays
    }
  }
}

resource media 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobService
  name: mediaContainerName
  properties: { publicAccess: 'None' }
}

resource state 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobService
  name: stateContainerName
  properties: { publicAccess: 'None' }
}

resource deploymentContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobService
  name: deploymentContainerName
  properties: { publicAccess: 'None' }
}

// Which segments are referenced is known only to the asset timelines, so deleting the
// unreferenced ones is the RetentionSweep timer's job (with soft delete above as the undo).
// The lifecycle rules do what age alone decides: cool old segments, and drop the soft-deleted
// copies and snapshots of segments once the retention above has passed.
resource lifecycle 'Microsoft.Storage/storageAccounts/managementPolicies@2023-05-01' = {
  parent: account
  name: 'default'
  properties: {
    policy: {
      rules: concat([
        {
          name: 'segment-snapshots-expire'
          enabled: true
          type: 'Lifecycle'
          definition: {
            filters: {
              blobTypes: [ 'blockBlob' ]
              prefixMatch: [ '${mediaContainerName}/channels/' ]
            }
            actions: {
              snapshot: { delete: { daysAfterCreationGreaterThan: deletedRetentionDays } }
            }
          }
        }
      ], segmentCoolAfterDays > 0 ? [
        {
          name: 'segments-to-cool'
          enabled: true
          type: 'Lifecycle'
          definition: {
            filters: {
              blobTypes: [ 'blockBlob' ]
              prefixMatch: [ '${mediaContainerName}/channels/' ]
            }
            actions: {
              baseBlob: { tierToCool: { daysAfterModificationGreaterThan: segmentCoolAfterDays } }
            }
          }
        }
      ] : [])
    }
  }
}

@description('Name of the storage account.')
output name string = account.name

@description('Resource id of the storage account.')
output id string = account.id

@description('Blob endpoint of the account (LIVEPIPE_STORAGE_ACCOUNT_URL).')
output blobEndpoint string = account.properties.primaryEndpoints.blob

@description('URL of the deployment container (the Flex Consumption package location).')
output deploymentContainerUrl string = '${account.properties.primaryEndpoints.blob}${deploymentContainer.name}'
