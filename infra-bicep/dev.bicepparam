// Development: Flex Consumption with one always-ready instance, two encoder replicas (one survives the other).
using './main.bicep'

param environmentName = 'dev'
param functionsHostingPlan = 'FlexConsumption'
param alwaysReadyInstances = 1
param functionsMaximumInstances = 20
param encoderImage = readEnvironmentVariable('LIVEPIPE_ENCODER_IMAGE')
param encoderMinReplicas = 2
param encoderMaxReplicas = 2
param encoderCpu = '2.0'
param encoderMemory = '4Gi'
param deployEventSubscriptions = bool(readEnvironmentVariable('LIVEPIPE_DEPLOY_SUBSCRIPTIONS', 'false'))
param segmentCoolAfterDays = 0
param keyEncryptionKey = readEnvironmentVariable('LIVEPIPE_KEY_ENCRYPTION_KEY', '')
param tokenSigningKeys = readEnvironmentVariable('LIVEPIPE_TOKEN_SIGNING_KEYS', '')
param previewKey = readEnvironmentVariable('LIVEPIPE_PREVIEW_KEY', '')
