// The Functions app (Linux, Java 17) on Flex Consumption or Elastic Premium, running as the
// livepipe identity, with its app settings. Always-ready (Flex) or minimum (Premium) instances
// keep the HTTP functions warm: the streaming endpoint, key delivery and license routes must
// not wait for a cold start while a player is buffering.

@description('Azure region of the plan and the app.')
param location string

@description('Name of the Functions app (also its default host name).')
param name string

@description('Name of the App Service plan.')
param planName string

@description('Hosting plan: FlexConsumption (FC1) or ElasticPremium (EP1-EP3).')
@allowed([
  'FlexConsumption'
  'ElasticPremium'
])
param hostingPlan string

@description('Elastic Premium size, when hostingPlan is ElasticPremium.')
@allowed([
  'EP1'
  'EP2'
  'EP3'
])
param elasticPremiumSku string = 'EP1'

@description('Instances kept warm for HTTP functions (Flex: always-ready instances of the http group; Premium: minimum and pre-warmed instances).')
@minValue(0)
@maxValue(20)
param alwaysReadyInstances int

@description('Most instances the app scales out to.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 100

@description('Memory of each Flex Consumption instance, in MB.')
@allowed([
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Resource id of the user-assigned identity the app runs as.')
param identityId string

@description('Client id of that identity.')
param identityClientId string

@description('Name of the storage account (the Functions host\'s storage, and the deployment package).')
param storageAccountName string

@description('URL of the blob container the Flex Consumption deployment package is kept in.')
param deploymentContainerUrl string

@description('Name of the Application Insights component.')
param appInsightsName string

@description('livepipe app settings (the Setting enum), merged over the host\'s own.')
param appSettings object

@description('Tags applied to every resource of this module.')
param tags object = {}

var isFlex = hostingPlan == 'FlexConsumption'

resource appInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: appInsightsName
}

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName
}

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: isFlex ? 'functionapp' : 'elastic'
  sku: isFlex ? { name: 'FC1', tier: 'FlexConsumption' } : { name: elasticPremiumSku, tier: 'ElasticPremium' }
  properties: {
    reserved: true
    maximumElasticWorkerCount: isFlex ? null : maximumInstanceCount
  }
}

resource site 'Microsoft.Web/sites@2024-04-01' = {
  name: name
  location: location
  tags: tags
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identityId}': {} }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: identityId
    functionAppConfig: isFlex ? {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: deploymentContainerUrl
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
        // HTTP functions scale together as the "http" group: always-ready instances there
        // serve StreamingEndpoint, KeyDelivery and the license routes without a cold start.
        alwaysReady: alwaysReadyInstances > 0 ? [
          {
            name: 'http'
            instanceCount: alwaysReadyInstances
          }
        ] : []
      }
      runtime: {
        name: 'java'
        version: '17'
      }
    } : null
    siteConfig: {
      linuxFxVersion: isFlex ? null : 'Java|17'
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
      minimumElasticInstanceCount: isFlex ? null : max(alwaysReadyInstances, 1)
      preWarmedInstanceCount: isFlex ? null : alwaysReadyInstances
      functionsRuntimeScaleMonitoringEnabled: isFlex ? null : true
    }
  }
}

// The host's storage through the identity; telemetry through the identity (the component
// has local auth off).
var hostSettings = {
  AzureWebJobsStorage__accountName: storageAccountName
  AzureWebJobsStorage__credential: 'managedidentity'
  AzureWebJobsStorage__clientId: identityClientId
  AZURE_CLIENT_ID: identityClientId
  APPLICATIONINSIGHTS_CONNECTION_STRING: appInsights.properties.ConnectionString
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'
}

// Elastic Premium keeps the app's files on an Azure Files share, which the Functions host
// reaches only with an account key: the one place Azure leaves no identity-based choice.
// Flex Consumption needs neither this nor FUNCTIONS_WORKER_RUNTIME (its runtime is above).
var premiumSettings = isFlex ? {} : {
  FUNCTIONS_EXTENSION_VERSION: '~4'
  FUNCTIONS_WORKER_RUNTIME: 'java'
  WEBSITE_CONTENTAZUREFILECONNECTIONSTRING: 'DefaultEndpointsProtocol=https;AccountName=${storage.name};EndpointSuffix=${environment().suffixes.storage};AccountKey=${storage.listKeys().keys[0].value}'
  WEBSITE_CONTENTSHARE: toLower(name)
}

resource settings 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: site
  name: 'appsettings'
  properties: union(hostSettings, premiumSettings, appSettings)
}

@description('Resource id of the Functions app.')
output id string = site.id

@description('Name of the Functions app.')
output name string = site.name

@description('Default host name of the Functions app (the Front Door origin).')
output defaultHostName string = site.properties.defaultHostName
