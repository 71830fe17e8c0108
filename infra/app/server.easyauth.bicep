// Optional outer layer on the Orders API: App Service Authentication (Easy Auth, authsettingsV2)
// admitting only tokens for the API's audience from the allowed client applications. It checks
// signature, issuer, audience and caller, not roles: the code still validates every token.

@description('Required. Entra tenant ID.')
param tenantId string

@description('Required. Application (client) ID of the Orders API registration.')
param ordersApiClientId string

@description('Required. App ID URI of the Orders API.')
param ordersApiIdentifierUri string

@description('Required. Client IDs of the applications allowed to call the API.')
param allowedClientIds string[]

@description('Required. Access token version the registration issues (1 or 2); decides the issuer.')
param accessTokenVersion int

@description('Required. Paths served without authentication, e.g. the health probe.')
param excludedPaths string[]

// v1 tokens carry the sts.windows.net issuer, v2 tokens the login endpoint's (public cloud, as the
// Graph Bicep extension itself).
var openIdIssuer = accessTokenVersion == 2
  ? '${environment().authentication.loginEndpoint}${tenantId}/v2.0'
  : 'https://sts.windows.net/${tenantId}/'

@description('authsettingsV2 properties for the Orders API.')
output authSettingsV2 object = {
  platform: {
    enabled: true
  }
  globalValidation: {
    requireAuthentication: true
    unauthenticatedClientAction: 'Return401'
    excludedPaths: excludedPaths
  }
  identityProviders: {
    azureActiveDirectory: {
      enabled: true
      registration: {
        clientId: ordersApiClientId
        openIdIssuer: openIdIssuer
      }
      validation: {
        // v1 tokens name the App ID URI, v2 tokens the client ID.
        allowedAudiences: [
          ordersApiIdentifierUri
          ordersApiClientId
        ]
        defaultAuthorizationPolicy: {
          allowedApplications: allowedClientIds
        }
      }
    }
  }
  login: {
    tokenStore: {
      enabled: false
    }
  }
}
