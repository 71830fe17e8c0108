// The Orders API's Entra objects, with the Microsoft Graph Bicep extension: the app registration
// with its application-only Orders.Read role and App ID URI, its service principal (assignment
// required), and the role assigned directly to the client's managed identity.
// Graph objects live in the tenant, not the resource group: `azd down` does not delete them.
extension microsoftGraphV1

import { ordersReadRole } from '../names.bicep'

@description('Required. Unique name of the app registration; the Graph extension creates or updates the application by it.')
param uniqueName string

@description('Required. Display name of the app registration.')
param displayName string

@description('Required. Principal (object) ID of the client app\'s managed identity, assigned the Orders.Read role.')
param clientPrincipalId string

@description('Optional. Access token version Entra issues for the API: 1 (default, what managed identity tokens get when unset) or 2.')
@allowed([
  1
  2
])
param accessTokenVersion int = 1

@description('Optional. Object ID made owner of the app registration (default: whoever deploys).')
param ownerObjectId string = deployer().objectId

// Stable across deployments, so the role and its assignment are updated in place, never duplicated.
var appRoleId = guid(uniqueName, ordersReadRole)

var appRoles = [
  {
    id: appRoleId
    value: ordersReadRole
    displayName: 'Read orders'
    description: 'Daemon applications may read orders from the Orders API.'
    // Application only: the role can never be granted to users, so tokens carrying it are app-only.
    allowedMemberTypes: ['Application']
    isEnabled: true
  }
]

var api = {
  requestedAccessTokenVersion: accessTokenVersion
}

// `idtyp: app` in app-only tokens lets the API tell them apart from user tokens without guessing.
var optionalClaims = {
  accessToken: [
    {
      name: 'idtyp'
      essential: false
    }
  ]
}

resource application 'Microsoft.Graph/applications@v1.0' = {
  uniqueName: uniqueName
  displayName: displayName
  signInAudience: 'AzureADMyOrg'
  appRoles: appRoles
  api: api
  optionalClaims: optionalClaims
  owners: {
    relationships: [ownerObjectId]
  }
}

// identifierUris cannot name the application's own appId in the declaration that creates it. The
// documented workaround declares the same uniqueName a second time, once the appId exists; the
// extension updates the application in place. Every property is restated so the update is complete.
resource applicationIdentifierUri 'Microsoft.Graph/applications@v1.0' = {
  uniqueName: application.uniqueName
  displayName: displayName
  signInAudience: 'AzureADMyOrg'
  appRoles: appRoles
  api: api
  optionalClaims: optionalClaims
  owners: {
    relationships: [ownerObjectId]
  }
  identifierUris: ['api://${application.appId}']
}

resource servicePrincipal 'Microsoft.Graph/servicePrincipals@v1.0' = {
  appId: applicationIdentifierUri.appId
  // Without this any application in the tenant can get a (role-less) token for the API.
  appRoleAssignmentRequired: true
}

// Assigned to the identity itself, never through a group: a group member gets no `roles` claim.
resource clientRoleAssignment 'Microsoft.Graph/appRoleAssignedTo@v1.0' = {
  appRoleId: appRoleId
  principalId: clientPrincipalId
  resourceId: servicePrincipal.id
}

@description('Application (client) ID of the Orders API: the server\'s ORDERS_API_CLIENT_ID.')
output appId string = application.appId

@description('App ID URI of the Orders API; the client asks for `{identifierUri}/.default`.')
output identifierUri string = 'api://${application.appId}'

@description('Object ID of the Orders API\'s service principal.')
output servicePrincipalId string = servicePrincipal.id

@description('ID of the Orders.Read app role.')
output appRoleId string = appRoleId
