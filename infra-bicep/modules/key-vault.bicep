// Key Vault holding livepipe's secrets: the key-encryption key that wraps content keys, the
// JWK Set of token signing keys and the preview URL key. Apps read them as Key Vault
// references with the managed identity (Key Vault Secrets User); no secret leaves this module.

@description('Azure region of the vault.')
param location string

@description('Name of the vault (3-24 letters, digits and hyphens).')
@minLength(3)
@maxLength(24)
param name string

@description('Base64 256-bit AES key-encryption key (LIVEPIPE_KEY_ENCRYPTION_KEY). Empty: the secret is not written here (set it with az keyvault secret set).')
@secure()
param keyEncryptionKey string = ''

@description('JWK Set of private token signing keys (LIVEPIPE_TOKEN_SIGNING_KEYS). Empty: not written here.')
@secure()
param tokenSigningKeys string = ''

@description('Base64 key of at least 128 bits signing preview URLs (LIVEPIPE_PREVIEW_KEY). Empty: not written here.')
@secure()
param previewKey string = ''

@description('Days a deleted secret stays recoverable.')
@minValue(7)
@maxValue(90)
param softDeleteRetentionInDays int = 90

@description('Protect the vault from purge (cannot be undone once on; recommended for prod).')
param enablePurgeProtection bool = false

@description('Tags applied to the vault.')
param tags object = {}

@description('Name of the Key Vault certificate of RTMPS ingest (created or imported with content type application/x-pem-file, so its secret holds key and chain as PEM). Empty: none; each encoder replica makes a self-signed one.')
param rtmpsCertificateName string = ''

// Secret names, fixed so that app settings can reference them before they are written.
var keyEncryptionKeySecretName = 'livepipe-key-encryption-key'
var tokenSigningKeysSecretName = 'livepipe-token-signing-keys'
var previewKeySecretName = 'livepipe-preview-key'

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: { family: 'A', name: 'standard' }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: softDeleteRetentionInDays
    enablePurgeProtection: enablePurgeProtection ? true : null
    publicNetworkAccess: 'Enabled'
  }
}

resource kek 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(keyEncryptionKey)) {
  parent: vault
  name: keyEncryptionKeySecretName
  properties: { value: keyEncryptionKey, contentType: 'base64 AES-256 key (RFC 3394 key-encryption key)' }
}

resource signing 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(tokenSigningKeys)) {
  parent: vault
  name: tokenSigningKeysSecretName
  properties: { value: tokenSigningKeys, contentType: 'application/jwk-set+json' }
}

resource preview 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(previewKey)) {
  parent: vault
  name: previewKeySecretName
  properties: { value: previewKey, contentType: 'base64 HMAC key' }
}

@description('Name of the vault.')
output name string = vault.name

@description('Resource id of the vault.')
output id string = vault.id

// Versionless secret URIs: a Key Vault reference then follows rotation (a new version).
@description('URI of the key-encryption key secret (not its value).')
output keyEncryptionKeySecretUri string = '${vault.properties.vaultUri}secrets/${keyEncryptionKeySecretName}'

@description('URI of the token signing keys secret (not its value).')
output tokenSigningKeysSecretUri string = '${vault.properties.vaultUri}secrets/${tokenSigningKeysSecretName}'

@description('URI of the preview key secret (not its value).')
output previewKeySecretUri string = '${vault.properties.vaultUri}secrets/${previewKeySecretName}'

// A Key Vault certificate is also readable as a secret of its name: key and chain, PEM.
@description('URI of the RTMPS certificate\'s secret (not its value); empty without a certificate name.')
output rtmpsCertificateSecretUri string = empty(rtmpsCertificateName) ? '' : '${vault.properties.vaultUri}secrets/${rtmpsCertificateName}'
