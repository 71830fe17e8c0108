// Cross-tenant without secrets (scenario A): a multi-tenant app registration in this (home)
// tenant whose one federated identity credential (FIC) trusts the client's user-assigned managed
// identity, and the client settings that use it (ORDERS_API_CREDENTIAL=managed-identity-federated).
// The daemon gets its identity's token for the exchange audience and presents it as this app's
// client assertion to the resource tenant, which issues the token for its Orders API. The
// resource tenant's steps (service principal, consent, Orders.Read) need a sign-in there: they
// are az commands in infra/README.md#cross-tenant. The app has no secret and no certificate.
// Sources: entra-docs workload-identity-federation-config-app-trust-managed-identity.md (Bicep tab).
extension microsoftGraphV1

@description('Required. Unique name of the app registration; the Graph extension creates or updates the application by it.')
param uniqueName string

@description('Required. Display name of the app registration.')
param displayName string

@description('Required. Principal (object) ID of the client\'s user-assigned managed identity: the FIC subject (system-assigned identities are not supported).')
param clientPrincipalId string

@description('Required. Client ID of the client\'s user-assigned managed identity: ORDERS_API_MANAGED_IDENTITY_CLIENT_ID.')
param identityClientId string

@description('Required. Tenant ID of the Orders API the daemon calls (the resource tenant): the client\'s AZURE_TENANT_ID.')
param resourceTenantId string

@description('Required. Base URL of that Orders API, e.g. https://<app>.azurewebsites.net.')
param ordersApiBaseUrl string

@description('Required. Scope of that Orders API, {its App ID URI}/.default.')
param ordersApiScope string

@description('Optional. Object ID made owner of the app registration (default: whoever deploys).')
param ownerObjectId string = deployer().objectId

// One exchange audience per cloud; a resource in another cloud is not supported.
var exchangeAudience = environment().name == 'AzureUSGovernment'
  ? 'api://AzureADTokenExchangeUSGov'
  : environment().name == 'AzureChinaCloud' ? 'api://AzureADTokenExchangeChina' : 'api://AzureADTokenExchange'

resource application 'Microsoft.Graph/applications@v1.0' = {
  uniqueName: uniqueName
  displayName: displayName
  // Multi-tenant, so that the resource tenant can provision (consent to) it.
  signInAudience: 'AzureADMultipleOrgs'
  owners: {
    relationships: [ownerObjectId]
  }

  // On the app registration, not on the identity: the identity is what the app trusts. Issuer
  // and subject are matched exactly (case-sensitive, whitespace counts); one audience.
  resource msiAsFic 'federatedIdentityCredentials@v1.0' = {
    name: '${application.uniqueName}/msiAsFic'
    description: 'The orders daemon\'s user-assigned managed identity'
    issuer: '${environment().authentication.loginEndpoint}${tenant().tenantId}/v2.0'
    subject: clientPrincipalId
    audiences: [exchangeAudience]
  }
}

@description('Application (client) ID of the multi-tenant app: the client\'s AZURE_CLIENT_ID in managed-identity-federated mode, and the server\'s ORDERS_API_ALLOWED_CLIENTS in the resource tenant.')
output appId string = application.appId

@description('The client settings of the cross-tenant mode; they replace the same-tenant token settings.')
output clientAppSettings object = {
  ORDERS_API_CREDENTIAL: 'managed-identity-federated'
  ORDERS_API_BASE_URL: ordersApiBaseUrl
  ORDERS_API_SCOPE: ordersApiScope
  AZURE_TENANT_ID: resourceTenantId
  AZURE_CLIENT_ID: application.appId
  ORDERS_API_MANAGED_IDENTITY_CLIENT_ID: identityClientId
}
