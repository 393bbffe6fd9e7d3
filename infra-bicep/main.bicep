// livepipe on Azure: storage, Event Grid, Key Vault, the Functions app, the encoder service on
// Container Apps, Front Door in front of the streaming endpoint, and monitoring. Deployed to
// a resource group: az deployment group create -g RG -f infra-bicep/main.bicep -p infra-bicep/dev.bicepparam
// (docs/deploying-to-azure.md has every step).

targetScope = 'resourceGroup'

@description('Environment the deployment is for; part of every resource name.')
@allowed([
  'dev'
  'prod'
])
param environmentName string

@description('Azure region of the resources (Front Door is global).')
param location string = resourceGroup().location

@description('Prefix of resource names: 3-11 lowercase letters and digits.')
@minLength(3)
@maxLength(11)
param namePrefix string = 'livepipe'

@description('Functions hosting plan.')
@allowed([
  'FlexConsumption'
  'ElasticPremium'
])
param functionsHostingPlan string = 'FlexConsumption'

@description('Functions instances kept warm for the streaming endpoint and the key and license routes.')
@minValue(0)
@maxValue(20)
param alwaysReadyInstances int = 1

@description('Most Functions instances.')
@minValue(1)
@maxValue(1000)
param functionsMaximumInstances int = 100

@description('Encoder service image (built from infra-bicep/encoder/Dockerfile), by digest or exact tag.')
param encoderImage string

@description('Registry server of a private encoder image, pulled with the managed identity (give it AcrPull); empty: public.')
param encoderRegistryServer string = ''

@description('Fewest encoder replicas: 2 or more, so that a replica that dies leaves one whose lease takes its channels over (docs/scaling.md).')
@minValue(2)
param encoderMinReplicas int = 2

@description('Most encoder replicas; each channel is ingested by the one replica holding its Blob lease.')
@minValue(2)
@maxValue(30)
param encoderMaxReplicas int = 10

@description('Blob lease an encoder replica holds on each channel it ingests (ISO 8601, 15 to 60 s): how long a dead replica keeps its channels before another may take them.')
param encoderLeaseDuration string = 'PT30S'

@description('LL-HLS part target of low-latency channels (ISO 8601, 0.2 to 2 s).')
param llPartTarget string = 'PT0.5S'

@description('Whole segments per rendition each low-latency channel keeps in encoder memory (4 to 64).')
@minValue(4)
@maxValue(64)
param llRingSegments int = 8

@description('How the Azure Media Services (ARM) management face checks bearer tokens: entra (Entra ID tokens of this tenant for armAudience) or token (LIVEPIPE_ARM_TOKEN, which then must be set, as a Key Vault reference).')
@allowed([
  'entra'
  'token'
])
param armAuth string = 'entra'

@description('Application ID URI the AMS SDK asks tokens for (its managementEndpointUrl), e.g. api://livepipe-prod; empty with armAuth entra: the ARM face refuses every call.')
param armAudience string = ''

@description('Comma-separated Entra object ids of the callers the ARM face admits; empty: any caller of the tenant holding a token for armAudience.')
param armAllowedObjectIds string = ''

@description('Host (and port) players reach /{locator}/... at, answered as the default streaming endpoint\'s hostName: the playbackHostName output of a first deployment, or your custom domain.')
param streamingHostName string = ''

@description('Subscription id of the Media Services account livepipe stands in for (events then carry its resource id as topic; the ARM face answers only for it); empty: any.')
param amsSubscriptionId string = ''

@description('Resource group of the Media Services account livepipe stands in for.')
param amsResourceGroup string = ''

@description('Name of the Media Services account livepipe stands in for.')
param amsAccountName string = ''

@description('vCPUs per encoder replica.')
@allowed([
  '0.5'
  '1.0'
  '2.0'
  '4.0'
])
param encoderCpu string = '2.0'

@description('Memory per encoder replica (2 GiB per vCPU).')
@allowed([
  '1Gi'
  '2Gi'
  '4Gi'
  '8Gi'
])
param encoderMemory string = '4Gi'

@description('RTMP ingest port.')
param rtmpPort int = 1935

@description('RTMPS ingest port (RTMP over TLS; Media Services used 2935).')
param rtmpsPort int = 2935

@description('Name of the Key Vault certificate RTMPS ingest presents (create or import it in the vault with content type application/x-pem-file). Empty: each encoder replica makes a self-signed certificate (encoders must then skip verification).')
param rtmpsCertificateName string = ''

@description('SRT ingest UDP port, or off. Container Apps ingress carries TCP only, so this topology runs without SRT (off); an encoder on AKS or a VM with a public UDP port sets it (docs/deploying-to-azure.md).')
param srtPort string = 'off'

@description('ISO 8601 duration of SRT receiver latency the listener asks for.')
param srtLatency string = 'PT0.12S'

@description('RTMP connections one encoder replica holds at once; one more is closed at accept.')
param rtmpMaxConnections int = 256

@description('RTMP connections from one remote address per replica (raise it if encoders share a NAT address).')
param rtmpMaxConnectionsPerAddress int = 16

@description('Bytes of partial RTMP messages one publishing connection may hold (16 MiB: two 8 MiB keyframes).')
param rtmpMaxBufferedBytes int = 16777216

@description('Bytes of partial RTMP messages all connections of a replica may hold together.')
param rtmpMaxBufferedBytesTotal int = 268435456

@description('ISO 8601 duration within which an RTMP message must complete once started.')
param rtmpMessageTimeout string = 'PT10S'

@description('ISO 8601 duration a channel\'s ingest stage may stay full (storage slower than the encoder) before the encoder is cut.')
param ingestStallTimeout string = 'PT20S'

@description('ISO 8601 duration the active input of a channel with a backup publisher may deliver nothing before the backup takes over.')
param ingestFailoverThreshold string = 'PT3S'

@description('Make the Event Grid subscriptions. Their Azure Function endpoints must exist: deploy once without, deploy the code, then again with true.')
param deployEventSubscriptions bool = false

@description('HTTPS URL of a webhook that receives every channel and livepipe event too (empty: none).')
param userWebhookUrl string = ''

@description('Container of segments and init segments.')
param mediaContainerName string = 'media'

@description('Container of documents.')
param stateContainerName string = 'state'

@description('Storage replication.')
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
  'Standard_GRS'
  'Standard_RAGRS'
])
param storageSku string = 'Standard_LRS'

@description('Days after their last write that segments move to the cool tier (0: never).')
@minValue(0)
param segmentCoolAfterDays int = 30

@description('Days deleted segments and documents stay recoverable (blob soft delete).')
@minValue(1)
@maxValue(365)
param deletedRetentionDays int = 7

@description('Days Log Analytics keeps logs.')
@minValue(30)
@maxValue(730)
param logRetentionDays int = 30

@description('Protect the Key Vault from purge (irreversible; recommended for prod).')
param keyVaultPurgeProtection bool = false

@description('Base64 256-bit key-encryption key, written to Key Vault (empty: set the secret yourself).')
@secure()
param keyEncryptionKey string = ''

@description('JWK Set of private token signing keys, written to Key Vault (empty: set the secret yourself).')
@secure()
param tokenSigningKeys string = ''

@description('Base64 preview URL key of at least 128 bits, written to Key Vault (empty: set the secret yourself).')
@secure()
param previewKey string = ''

@description('iss of playback tokens.')
param tokenIssuer string = 'livepipe'

@description('aud of playback tokens.')
param tokenAudience string = 'livepipe-playback'

@description('Upstream Widevine license server the license proxy forwards to (empty: 404).')
param widevineLicenseUrl string = ''

@description('Upstream PlayReady license server (empty: 404).')
param playreadyLicenseUrl string = ''

@description('Upstream FairPlay license server (empty: 404).')
param fairplayLicenseUrl string = ''

@description('Tags applied to every resource.')
param tags object = {}

var suffix = take(uniqueString(resourceGroup().id, environmentName), 6)
var base = '${namePrefix}-${environmentName}'
var allTags = union({ application: 'livepipe', environment: environmentName }, tags)
var encoderHttpPort = 8080

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    location: location
    workspaceName: '${base}-logs'
    appInsightsName: '${base}-insights'
    retentionInDays: logRetentionDays
    tags: allTags
  }
}

module identity 'modules/identity.bicep' = {
  name: 'identity'
  params: {
    location: location
    name: '${base}-identity'
    tags: allTags
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: {
    location: location
    name: toLower('${namePrefix}${environmentName}${suffix}')
    skuName: storageSku
    mediaContainerName: mediaContainerName
    stateContainerName: stateContainerName
    deploymentContainerName: 'functions-deployment'
    segmentCoolAfterDays: segmentCoolAfterDays
    deletedRetentionDays: deletedRetentionDays
    allowSharedKeyAccess: functionsHostingPlan == 'ElasticPremium'
    tags: allTags
  }
}

module eventGrid 'modules/event-grid.bicep' = {
  name: 'event-grid'
  params: {
    location: location
    topicName: '${base}-events'
    systemTopicName: '${base}-storage-events'
    storageAccountId: storage.outputs.id
    tags: allTags
  }
}

module keyVault 'modules/key-vault.bicep' = {
  name: 'key-vault'
  params: {
    location: location
    name: '${namePrefix}-${suffix}-kv'
    keyEncryptionKey: keyEncryptionKey
    tokenSigningKeys: tokenSigningKeys
    previewKey: previewKey
    rtmpsCertificateName: rtmpsCertificateName
    enablePurgeProtection: keyVaultPurgeProtection
    tags: allTags
  }
}

module roles 'modules/role-assignments.bicep' = {
  name: 'role-assignments'
  params: {
    principalId: identity.outputs.principalId
    storageAccountName: storage.outputs.name
    topicName: eventGrid.outputs.topicName
    keyVaultName: keyVault.outputs.name
    appInsightsName: monitoring.outputs.appInsightsName
  }
}

module network 'modules/network.bicep' = {
  name: 'network'
  params: {
    location: location
    name: '${base}-vnet'
    tags: allTags
  }
}

// The encoder service needs no secret: it writes segments and documents through the identity
// and publishes channel events to the topic through it too.
var encoderSettings = {
  LIVEPIPE_STORAGE: 'azure'
  LIVEPIPE_STORAGE_ACCOUNT_URL: storage.outputs.blobEndpoint
  LIVEPIPE_MEDIA_CONTAINER: mediaContainerName
  LIVEPIPE_STATE_CONTAINER: stateContainerName
  LIVEPIPE_EVENTS: 'eventgrid'
  LIVEPIPE_EVENTGRID_TOPIC_ENDPOINT: eventGrid.outputs.topicEndpoint
  LIVEPIPE_EVENTGRID_TOPIC_ID: eventGrid.outputs.topicId
  LIVEPIPE_RTMP_PORT: string(rtmpPort)
  LIVEPIPE_RTMPS_PORT: string(rtmpsPort)
  // LIVEPIPE_RTMPS_CERTIFICATE reaches the container as a Key Vault secret reference (container-apps.bicep).
  LIVEPIPE_RTMP_MAX_CONNECTIONS: string(rtmpMaxConnections)
  LIVEPIPE_RTMP_MAX_CONNECTIONS_PER_ADDRESS: string(rtmpMaxConnectionsPerAddress)
  LIVEPIPE_RTMP_MAX_BUFFERED_BYTES: string(rtmpMaxBufferedBytes)
  LIVEPIPE_RTMP_MAX_BUFFERED_BYTES_TOTAL: string(rtmpMaxBufferedBytesTotal)
  LIVEPIPE_RTMP_MESSAGE_TIMEOUT: rtmpMessageTimeout
  // Off on Container Apps (no UDP ingress); the channel answer then lists no SRT URL.
  LIVEPIPE_SRT_PORT: srtPort
  LIVEPIPE_SRT_LATENCY: srtLatency
  LIVEPIPE_INGEST_STALL_TIMEOUT: ingestStallTimeout
  LIVEPIPE_INGEST_FAILOVER_THRESHOLD: ingestFailoverThreshold
  LIVEPIPE_HTTP_PORT: string(encoderHttpPort)
  LIVEPIPE_LEASE_DURATION: encoderLeaseDuration
  // Empty: each replica names itself after CONTAINER_APP_REPLICA_NAME.
  LIVEPIPE_REPLICA_NAME: ''
  // Empty: http://<this replica's address>:<HTTP port>, reachable by the other replicas in the environment.
  LIVEPIPE_REPLICA_ORIGIN: ''
  LIVEPIPE_HTTP_REQUEST_DEADLINE_SECONDS: '20'
  LIVEPIPE_STREAMING_FRESHNESS: 'PT0.5S'
  // Low-latency channels (streamOptions LowLatency): LL-HLS parts, cut and served from the encoder's memory.
  LIVEPIPE_LL_PART_TARGET: llPartTarget
  LIVEPIPE_LL_RING_SEGMENTS: string(llRingSegments)
}

module encoder 'modules/container-apps.bicep' = {
  name: 'encoder'
  dependsOn: [ roles ]
  params: {
    location: location
    environmentName: '${base}-apps'
    appName: '${base}-encoder'
    image: encoderImage
    registryServer: encoderRegistryServer
    infrastructureSubnetId: network.outputs.containerAppsSubnetId
    workspaceId: monitoring.outputs.workspaceId
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    environmentVariables: encoderSettings
    rtmpPort: rtmpPort
    rtmpsPort: rtmpsPort
    rtmpsCertificateSecretUri: keyVault.outputs.rtmpsCertificateSecretUri
    httpPort: encoderHttpPort
    cpu: encoderCpu
    memory: encoderMemory
    minReplicas: encoderMinReplicas
    maxReplicas: encoderMaxReplicas
    tags: allTags
  }
}

// Every setting of io.livepipe.config.Setting (a test checks this list against the enum).
// Secrets are Key Vault references resolved with the identity; keys that Azure replaces with
// the identity (storage connection string, topic key) stay empty.
var functionAppSettings = {
  LIVEPIPE_STORAGE: 'azure'
  LIVEPIPE_DATA_DIR: '/tmp/livepipe'
  LIVEPIPE_STORAGE_CONNECTION_STRING: ''
  LIVEPIPE_STORAGE_ACCOUNT_URL: storage.outputs.blobEndpoint
  LIVEPIPE_MEDIA_CONTAINER: mediaContainerName
  LIVEPIPE_STATE_CONTAINER: stateContainerName
  LIVEPIPE_EVENTS: 'eventgrid'
  LIVEPIPE_EVENTGRID_TOPIC_ENDPOINT: eventGrid.outputs.topicEndpoint
  LIVEPIPE_EVENTGRID_TOPIC_KEY: ''
  LIVEPIPE_EVENTGRID_TOPIC_ID: eventGrid.outputs.topicId
  // The Functions host keeps its own function keys in Azure; this one is the local host's.
  LIVEPIPE_FUNCTION_KEY: ''
  LIVEPIPE_HTTP_PORT: '443'
  LIVEPIPE_RTMP_PORT: string(rtmpPort)
  LIVEPIPE_RTMPS_PORT: string(rtmpsPort)
  // The certificate is the encoder's (a Key Vault reference there); the Functions app only names the port.
  LIVEPIPE_RTMPS_CERTIFICATE: ''
  LIVEPIPE_RTMPS_PRIVATE_KEY: ''
  // HTTP push ingest URLs name the encoder's HTTP port, where /ingest is served.
  LIVEPIPE_PUSH_INGEST_PORT: string(encoderHttpPort)
  LIVEPIPE_RTMP_MAX_CONNECTIONS: string(rtmpMaxConnections)
  LIVEPIPE_RTMP_MAX_CONNECTIONS_PER_ADDRESS: string(rtmpMaxConnectionsPerAddress)
  LIVEPIPE_RTMP_MAX_BUFFERED_BYTES: string(rtmpMaxBufferedBytes)
  LIVEPIPE_RTMP_MAX_BUFFERED_BYTES_TOTAL: string(rtmpMaxBufferedBytesTotal)
  LIVEPIPE_RTMP_MESSAGE_TIMEOUT: rtmpMessageTimeout
  LIVEPIPE_SRT_PORT: srtPort
  LIVEPIPE_SRT_LATENCY: srtLatency
  LIVEPIPE_LEASE_DURATION: encoderLeaseDuration
  LIVEPIPE_REPLICA_NAME: ''
  LIVEPIPE_REPLICA_ORIGIN: ''
  LIVEPIPE_HTTP_REQUEST_DEADLINE_SECONDS: '20'
  // How long the streaming endpoint answers from what it last read of a locator and its timeline.
  LIVEPIPE_STREAMING_FRESHNESS: 'PT0.5S'
  // Read by the encoder only; listed so that every setting is set in both places.
  LIVEPIPE_LL_PART_TARGET: llPartTarget
  LIVEPIPE_LL_RING_SEGMENTS: string(llRingSegments)
  LIVEPIPE_INGEST_STALL_TIMEOUT: ingestStallTimeout
  LIVEPIPE_INGEST_FAILOVER_THRESHOLD: ingestFailoverThreshold
  LIVEPIPE_PUBLIC_HOST: encoder.outputs.ingestFqdn
  LIVEPIPE_PREVIEW_KEY: '@Microsoft.KeyVault(SecretUri=${keyVault.outputs.previewKeySecretUri})'
  LIVEPIPE_KEY_ENCRYPTION_KEY: '@Microsoft.KeyVault(SecretUri=${keyVault.outputs.keyEncryptionKeySecretUri})'
  LIVEPIPE_TOKEN_SIGNING_KEYS: '@Microsoft.KeyVault(SecretUri=${keyVault.outputs.tokenSigningKeysSecretUri})'
  LIVEPIPE_TOKEN_ISSUER: tokenIssuer
  LIVEPIPE_TOKEN_AUDIENCE: tokenAudience
  LIVEPIPE_WIDEVINE_LICENSE_URL: widevineLicenseUrl
  LIVEPIPE_PLAYREADY_LICENSE_URL: playreadyLicenseUrl
  LIVEPIPE_FAIRPLAY_LICENSE_URL: fairplayLicenseUrl
  // Key delivery, license and preview URLs handed to players: the Functions app itself (never cached).
  LIVEPIPE_PUBLIC_BASE_URL: 'https://${base}-${suffix}-func.azurewebsites.net'
  // The Functions app serves HTTPS itself; the local host's TLS port does not apply.
  LIVEPIPE_HTTPS_PORT: ''
  LIVEPIPE_ARM_AUTH: armAuth
  LIVEPIPE_ARM_TOKEN: ''
  LIVEPIPE_ARM_TENANT_ID: tenant().tenantId
  LIVEPIPE_ARM_AUDIENCE: armAudience
  LIVEPIPE_ARM_ALLOWED_OBJECT_IDS: armAllowedObjectIds
  LIVEPIPE_STREAMING_HOST_NAME: streamingHostName
  LIVEPIPE_AMS_SUBSCRIPTION_ID: amsSubscriptionId
  LIVEPIPE_AMS_RESOURCE_GROUP: amsResourceGroup
  LIVEPIPE_AMS_ACCOUNT_NAME: amsAccountName
}

module functions 'modules/functions.bicep' = {
  name: 'functions'
  dependsOn: [ roles ]
  params: {
    location: location
    name: '${base}-${suffix}-func'
    planName: '${base}-plan'
    hostingPlan: functionsHostingPlan
    alwaysReadyInstances: alwaysReadyInstances
    maximumInstanceCount: functionsMaximumInstances
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    storageAccountName: storage.outputs.name
    deploymentContainerUrl: storage.outputs.deploymentContainerUrl
    appInsightsName: monitoring.outputs.appInsightsName
    appSettings: functionAppSettings
    tags: allTags
  }
}

module frontDoor 'modules/front-door.bicep' = {
  name: 'front-door'
  params: {
    profileName: '${base}-cdn'
    endpointName: '${base}-${suffix}'
    originHostName: functions.outputs.defaultHostName
    encoderHostName: encoder.outputs.ingestFqdn
    encoderHttpPort: encoderHttpPort
    tags: allTags
  }
}

module subscriptions 'modules/event-subscriptions.bicep' = if (deployEventSubscriptions) {
  name: 'event-subscriptions'
  params: {
    topicName: eventGrid.outputs.topicName
    systemTopicName: eventGrid.outputs.systemTopicName
    functionAppId: functions.outputs.id
    mediaContainerName: mediaContainerName
    userWebhookUrl: userWebhookUrl
  }
}

@description('Name of the Functions app (the target of the zip deploy).')
output functionAppName string = functions.outputs.name

@description('Management API base URL (function key required).')
output managementBaseUrl string = 'https://${functions.outputs.defaultHostName}/api'

@description('Playback host: https://HOST/{locator}/master.m3u8 through Front Door.')
output playbackHostName string = frontDoor.outputs.endpointHostName

@description('RTMP ingest base URL; append /{streamKey}.')
output ingestBaseUrl string = 'rtmp://${encoder.outputs.ingestFqdn}:${rtmpPort}/live'

@description('RTMPS ingest base URL; append /{streamKey}.')
output rtmpsIngestBaseUrl string = 'rtmps://${encoder.outputs.ingestFqdn}:${rtmpsPort}/live'

@description('HTTP push ingest base URL (CMAF / Smooth POST); append /{streamKey}/{name}.')
output pushIngestBaseUrl string = 'http://${encoder.outputs.ingestFqdn}:${encoderHttpPort}/ingest'

@description('Name of the storage account.')
output storageAccountName string = storage.outputs.name

@description('Name of the Key Vault (where the three secrets go).')
output keyVaultName string = keyVault.outputs.name

@description('Endpoint of the Event Grid custom topic.')
output eventTopicEndpoint string = eventGrid.outputs.topicEndpoint
