// Azure Front Door (Standard) in front of the streaming endpoint. Players use the streaming
// endpoint's URL forms at the site root (/{locator}/master.m3u8, /{locator}/{name}.ism/...),
// rewritten to the function's route /api/streaming/... The origin's Cache-Control decides
// how long each answer is kept (segments a year and immutable, live manifests 1 s, VOD
// manifests 60 s, errors no-store). A token query parameter is passed through to the origin
// but kept out of the cache key of segments, which are the same bytes for every viewer; keys
// and licenses are never cached.
// LL-HLS (/{locator}/ll/..., streamOptions LowLatency) comes from the encoder service's memory:
// those requests go to the encoder's HTTP port, unrewritten, every query parameter in the cache
// key (_HLS_msn/_HLS_part/_HLS_skip name what a blocking reload waits for, so one answer serves
// every viewer asking the same), and the encoder's Cache-Control decides: parts and segments a
// year (immutable: a run's URL never changes content), blocking reloads one target duration,
// plain playlists no-cache, errors (a part not made yet) no-store.

@description('Name of the Front Door profile.')
param profileName string

@description('Name of the Front Door endpoint (part of its host name).')
param endpointName string

@description('Host name of the Functions app (the origin).')
param originHostName string

@description('Host name of the encoder service (its TCP ingress), the origin of LL-HLS.')
param encoderHostName string

@description('HTTP port of the encoder service (its origin and LL-HLS).')
param encoderHttpPort int

@description('Tags applied to every resource of this module.')
param tags object = {}

resource profile 'Microsoft.Cdn/profiles@2024-02-01' = {
  name: profileName
  location: 'global'
  tags: tags
  sku: { name: 'Standard_AzureFrontDoor' }
}

resource endpoint 'Microsoft.Cdn/profiles/afdEndpoints@2024-02-01' = {
  parent: profile
  name: endpointName
  location: 'global'
  tags: tags
  properties: { enabledState: 'Enabled' }
}

resource origins 'Microsoft.Cdn/profiles/originGroups@2024-02-01' = {
  parent: profile
  name: 'functions'
  properties: {
    loadBalancingSettings: {
      sampleSize: 4
      successfulSamplesRequired: 3
      additionalLatencyInMilliseconds: 50
    }
    healthProbeSettings: {
      probePath: '/api/health'
      probeRequestType: 'GET'
      probeProtocol: 'Https'
      probeIntervalInSeconds: 60
    }
  }
}

resource origin 'Microsoft.Cdn/profiles/originGroups/origins@2024-02-01' = {
  parent: origins
  name: 'functions-app'
  properties: {
    hostName: originHostName
    originHostHeader: originHostName
    httpsPort: 443
    httpPort: 80
    priority: 1
    weight: 1000
    enforceCertificateNameCheck: true
  }
}

resource encoderOrigins 'Microsoft.Cdn/profiles/originGroups@2024-02-01' = {
  parent: profile
  name: 'encoder'
  properties: {
    loadBalancingSettings: {
      sampleSize: 4
      successfulSamplesRequired: 3
      additionalLatencyInMilliseconds: 50
    }
    healthProbeSettings: {
      probePath: '/health'
      probeRequestType: 'GET'
      probeProtocol: 'Http'
      probeIntervalInSeconds: 60
    }
  }
}

resource encoderOrigin 'Microsoft.Cdn/profiles/originGroups/origins@2024-02-01' = {
  parent: encoderOrigins
  name: 'encoder-service'
  properties: {
    hostName: encoderHostName
    originHostHeader: encoderHostName
    httpPort: encoderHttpPort
    httpsPort: 443
    priority: 1
    weight: 1000
    enforceCertificateNameCheck: false
  }
}

resource streamingRules 'Microsoft.Cdn/profiles/ruleSets@2024-02-01' = {
  parent: profile
  name: 'streaming'
}

// /{locator}/... at the site root is the function's /api/streaming/{locator}/...
resource rewrite 'Microsoft.Cdn/profiles/ruleSets/rules@2024-02-01' = {
  parent: streamingRules
  name: 'rootToStreamingRoute'
  properties: {
    order: 1
    conditions: [
      {
        // LL-HLS is not the function's: it keeps its path (rule lowLatencyToEncoder)
        name: 'UrlPath'
        parameters: {
          typeName: 'DeliveryRuleUrlPathMatchConditionParameters'
          operator: 'Contains'
          negateCondition: true
          matchValues: [ '/ll/' ]
          transforms: []
        }
      }
    ]
    actions: [
      {
        name: 'UrlRewrite'
        parameters: {
          typeName: 'DeliveryRuleUrlRewriteActionParameters'
          sourcePattern: '/'
          destination: '/api/streaming/'
          preserveUnmatchedPath: true
        }
      }
    ]
    matchProcessingBehavior: 'Continue'
  }
}

// LL-HLS to the encoder service, before the segment rule (its parts are .m4s too).
resource lowLatency 'Microsoft.Cdn/profiles/ruleSets/rules@2024-02-01' = {
  parent: streamingRules
  name: 'lowLatencyToEncoder'
  properties: {
    order: 2
    conditions: [
      {
        name: 'UrlPath'
        parameters: {
          typeName: 'DeliveryRuleUrlPathMatchConditionParameters'
          operator: 'Contains'
          negateCondition: false
          matchValues: [ '/ll/' ]
          transforms: []
        }
      }
    ]
    actions: [
      {
        name: 'RouteConfigurationOverride'
        parameters: {
          typeName: 'DeliveryRuleRouteConfigurationOverrideActionParameters'
          originGroupOverride: {
            originGroup: { id: encoderOrigins.id }
            forwardingProtocol: 'HttpOnly'
          }
          cacheConfiguration: {
            queryStringCachingBehavior: 'UseQueryString'
            cacheBehavior: 'HonorOrigin'
            isCompressionEnabled: 'Disabled'
          }
        }
      }
    ]
    matchProcessingBehavior: 'Stop'
  }
}

// Segments and init segments: identical for every viewer, so the token is not part of their
// cache key (clip bounds are not on segment URLs; nothing else varies).
resource segments 'Microsoft.Cdn/profiles/ruleSets/rules@2024-02-01' = {
  parent: streamingRules
  name: 'segmentsIgnoreToken'
  properties: {
    order: 3
    conditions: [
      {
        name: 'UrlFileExtension'
        parameters: {
          typeName: 'DeliveryRuleUrlFileExtensionMatchConditionParameters'
          operator: 'Equal'
          negateCondition: false
          matchValues: [ 'm4s', 'mp4' ]
          transforms: [ 'Lowercase' ]
        }
      }
    ]
    actions: [
      {
        name: 'RouteConfigurationOverride'
        parameters: {
          typeName: 'DeliveryRuleRouteConfigurationOverrideActionParameters'
          cacheConfiguration: {
            queryStringCachingBehavior: 'IgnoreSpecifiedQueryStrings'
            queryParameters: 'token'
            cacheBehavior: 'HonorOrigin'
            isCompressionEnabled: 'Disabled'
          }
        }
      }
    ]
    matchProcessingBehavior: 'Stop'
  }
}

resource streamingRoute 'Microsoft.Cdn/profiles/afdEndpoints/routes@2024-02-01' = {
  parent: endpoint
  name: 'streaming'
  dependsOn: [ origin, encoderOrigin, rewrite, lowLatency, segments ]
  properties: {
    originGroup: { id: origins.id }
    ruleSets: [ { id: streamingRules.id } ]
    supportedProtocols: [ 'Https' ]
    httpsRedirect: 'Enabled'
    forwardingProtocol: 'HttpsOnly'
    linkToDefaultDomain: 'Enabled'
    patternsToMatch: [ '/*' ]
    // Manifests keep every query parameter in their key: startTime/endTime select a clip,
    // and a token may be written into the key URIs of the manifest it fetched, so one
    // viewer's manifest is never served to another.
    cacheConfiguration: {
      queryStringCachingBehavior: 'UseQueryString'
      compressionSettings: {
        isCompressionEnabled: true
        contentTypesToCompress: [ 'application/vnd.apple.mpegurl', 'application/dash+xml' ]
      }
    }
  }
}

// Keys, licenses and the JWKS go to the origin on every request: no cache configuration.
resource keysRoute 'Microsoft.Cdn/profiles/afdEndpoints/routes@2024-02-01' = {
  parent: endpoint
  name: 'keys-and-licenses'
  dependsOn: [ origin ]
  properties: {
    originGroup: { id: origins.id }
    supportedProtocols: [ 'Https' ]
    httpsRedirect: 'Enabled'
    forwardingProtocol: 'HttpsOnly'
    linkToDefaultDomain: 'Enabled'
    patternsToMatch: [ '/api/keydelivery/*', '/api/license/*', '/api/.well-known/*' ]
  }
}

@description('Host name of the Front Door endpoint (playback URLs).')
output endpointHostName string = endpoint.properties.hostName

@description('Resource id of the Front Door profile.')
output profileId string = profile.id
