// The encoder service on Azure Container Apps: RTMP ingest over a TCP ingress on 1935, RTMPS on
// 2935 beside it (its certificate a Key Vault reference resolved with the identity), the HTTP
// port (8080: HTTP push ingest at /ingest, health probes, the origin), running as the livepipe identity with the same
// settings model as the Functions app (storage and Event Grid through the identity).

@description('Azure region of the environment and the app.')
param location string

@description('Name of the Container Apps environment.')
param environmentName string

@description('Name of the encoder container app.')
param appName string

@description('Container image of the encoder service (infra-bicep/encoder/Dockerfile), by digest or exact tag.')
param image string

@description('Registry server of the image when it is private (pulled with the identity, which needs AcrPull); empty: a public image.')
param registryServer string = ''

@description('Resource id of the subnet of the environment (delegated to Microsoft.App/environments).')
param infrastructureSubnetId string

@description('Resource id of the Log Analytics workspace the environment\'s logs go to.')
param workspaceId string

@description('Resource id of the user-assigned identity the app runs as.')
param identityId string

@description('Client id of that identity (AZURE_CLIENT_ID).')
param identityClientId string

@description('Environment variables of the container: livepipe settings.')
param environmentVariables object

@description('RTMP port the service listens on and the ingress exposes.')
param rtmpPort int = 1935

@description('RTMPS port the service listens on and the ingress exposes beside RTMP.')
param rtmpsPort int = 2935

@description('Versionless URI of the Key Vault secret of the RTMPS certificate (PEM key and chain); empty: the service makes a self-signed one.')
param rtmpsCertificateSecretUri string = ''

@description('HTTP port of push ingest (/ingest), the health endpoint and the origin.')
param httpPort int = 8080

@description('vCPUs per replica (live encoding ladders need 2 or more).')
@allowed([
  '0.5'
  '1.0'
  '2.0'
  '4.0'
])
param cpu string = '2.0'

@description('Memory per replica, matching the vCPUs (2 GiB per vCPU).')
@allowed([
  '1Gi'
  '2Gi'
  '4Gi'
  '8Gi'
])
param memory string = '4Gi'

@description('Fewest replicas (2 or more: one survives the other, and takes its channels over by their Blob leases).')
@minValue(2)
param minReplicas int = 2

@description('Most replicas; channels are claimed with Blob leases, so any replica may take any publisher (docs/scaling.md).')
@minValue(2)
@maxValue(30)
param maxReplicas int = 10

@description('RTMP connections per replica before another replica is added.')
@minValue(1)
param connectionsPerReplica int = 20

@description('Tags applied to every resource of this module.')
param tags object = {}

resource env 'Microsoft.App/managedEnvironments@2024-03-01' = {
  name: environmentName
  location: location
  tags: tags
  properties: {
    vnetConfiguration: {
      infrastructureSubnetId: infrastructureSubnetId
      internal: false
    }
    workloadProfiles: [
      {
        name: 'Consumption'
        workloadProfileType: 'Consumption'
      }
    ]
    // Logs go through Azure Monitor (a diagnostic setting below), not a workspace key.
    appLogsConfiguration: { destination: 'azure-monitor' }
  }
}

resource envLogs 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  scope: env
  name: 'to-log-analytics'
  properties: {
    workspaceId: workspaceId
    logs: [
      {
        categoryGroup: 'allLogs'
        enabled: true
      }
    ]
  }
}

// The ingest host name handed out in ingest URLs is the app's own, known from the environment.
var ingestFqdn = '${appName}.${env.properties.defaultDomain}'

var settingsEnv = [for s in items(union(environmentVariables, { LIVEPIPE_PUBLIC_HOST: ingestFqdn })): {
  name: s.key
  value: string(s.value)
}]

resource encoder 'Microsoft.App/containerApps@2024-03-01' = {
  name: appName
  location: location
  tags: tags
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identityId}': {} }
  }
  properties: {
    environmentId: env.id
    workloadProfileName: 'Consumption'
    configuration: {
      activeRevisionsMode: 'Single'
      ingress: {
        external: true
        transport: 'tcp'
        targetPort: rtmpPort
        exposedPort: rtmpPort
        additionalPortMappings: [
          {
            external: true
            targetPort: rtmpsPort
            exposedPort: rtmpsPort
          }
          // External: encoders push CMAF and Smooth ingest to /ingest on it (it also answers /health and the origin).
          {
            external: true
            targetPort: httpPort
            exposedPort: httpPort
          }
        ]
      }
      // A Key Vault reference: the platform reads it with the identity (Key Vault Secrets User) and follows new versions.
      secrets: empty(rtmpsCertificateSecretUri) ? [] : [
        {
          name: 'rtmps-certificate'
          keyVaultUrl: rtmpsCertificateSecretUri
          identity: identityId
        }
      ]
      registries: empty(registryServer) ? [] : [
        {
          server: registryServer
          identity: identityId
        }
      ]
    }
    template: {
      containers: [
        {
          name: 'encoder'
          image: image
          resources: {
            cpu: json(cpu)
            memory: memory
          }
          env: concat(settingsEnv, [
            { name: 'AZURE_CLIENT_ID', value: identityClientId }
          ], empty(rtmpsCertificateSecretUri) ? [] : [
            { name: 'LIVEPIPE_RTMPS_CERTIFICATE', secretRef: 'rtmps-certificate' }
          ])
          probes: [
            {
              type: 'Liveness'
              httpGet: { path: '/health', port: httpPort }
              periodSeconds: 10
            }
            {
              type: 'Readiness'
              tcpSocket: { port: rtmpPort }
              periodSeconds: 5
            }
          ]
        }
      ]
      scale: {
        minReplicas: minReplicas
        maxReplicas: maxReplicas
        rules: [
          {
            name: 'rtmp-connections'
            tcp: {
              metadata: { concurrentConnections: string(connectionsPerReplica) }
            }
          }
        ]
      }
    }
  }
}

@description('Resource id of the encoder container app.')
output id string = encoder.id

@description('Fully qualified domain name of the RTMP ingest (LIVEPIPE_PUBLIC_HOST for ingest URLs).')
output ingestFqdn string = ingestFqdn
