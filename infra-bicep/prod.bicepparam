// Production: Elastic Premium with warm instances, zone-redundant storage, purge-protected
// Key Vault, longer log retention, a user webhook for channel events.
using './main.bicep'

param environmentName = 'prod'
param functionsHostingPlan = 'ElasticPremium'
param alwaysReadyInstances = 2
param functionsMaximumInstances = 30
param encoderImage = readEnvironmentVariable('LIVEPIPE_ENCODER_IMAGE')
param encoderRegistryServer = readEnvironmentVariable('LIVEPIPE_ENCODER_REGISTRY', '')
param encoderMinReplicas = 2
param encoderMaxReplicas = 10
param encoderCpu = '4.0'
param encoderMemory = '8Gi'
param deployEventSubscriptions = bool(readEnvironmentVariable('LIVEPIPE_DEPLOY_SUBSCRIPTIONS', 'false'))
param userWebhookUrl = readEnvironmentVariable('LIVEPIPE_USER_WEBHOOK_URL', '')
param storageSku = 'Standard_ZRS'
param segmentCoolAfterDays = 30
param deletedRetentionDays = 14
param logRetentionDays = 90
param keyVaultPurgeProtection = true
param keyEncryptionKey = readEnvironmentVariable('LIVEPIPE_KEY_ENCRYPTION_KEY', '')
param tokenSigningKeys = readEnvironmentVariable('LIVEPIPE_TOKEN_SIGNING_KEYS', '')
param previewKey = readEnvironmentVariable('LIVEPIPE_PREVIEW_KEY', '')
// RTMPS presents this Key Vault certificate once it is in the vault (docs/deploying-to-azure.md, step 4).
param rtmpsCertificateName = readEnvironmentVariable('LIVEPIPE_RTMPS_CERTIFICATE_NAME', '')
