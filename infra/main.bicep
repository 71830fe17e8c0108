// orders-daemon on Azure: two Flex Consumption Function Apps (Node 22) from the one artifact,
// their user-assigned identities, host and data storage without shared keys, monitoring, and the
// Orders API's Entra registration with the Orders.Read role assigned to the client's identity.
// Deployed by `azd up` (azure.yaml); see infra/README.md.
targetScope = 'subscription'

import { clientAppRole, durableTaskHubName, healthPath, ordersTableName, serverAppRole, syncContainerName } from 'names.bicep'

@minLength(1)
@maxLength(64)
@description('Required. azd environment name; resource names and the resource group derive from it.')
param environmentName string

@minLength(1)
@description('Required. Region of every resource; must offer Flex Consumption.')
@metadata({
  azd: {
    type: 'location'
  }
})
param location string

@description('Optional. Access token version Entra issues for the Orders API: 1, or 2 (v2 issuer and GUID audience).')
@allowed([
  1
  2
])
param accessTokenVersion int = 1

@description('Optional. Turn on App Service Authentication on the Orders API as an outer layer (the code validates tokens either way).')
param enableEasyAuth bool = false

@description('Optional. NCRONTAB schedule (UTC) of the timer-started sync.')
param syncSchedule string = '0 0 */6 * * *'

@minValue(1)
@description('Optional. Days a sync run\'s data (runs/<runId>/… in the sync container) is kept before the data account\'s lifecycle policy deletes it. Sync state and latest.json are never deleted.')
param syncRetentionDays int = 30

@description('Optional. Largest instance count of each Function App.')
param maximumInstanceCount int = 40

@description('Optional. Principal (object) ID of a user allowed to write the orders table, e.g. to seed it; empty grants nobody.')
param ordersWriterPrincipalId string = ''

@description('Optional. Where the sync daemon\'s durable task hub lives: AzureStorage (queues and tables in the host account) or DurableTaskScheduler (a managed scheduler and task hub). See infra/README.md#durable-backend.')
@allowed([
  'AzureStorage'
  'DurableTaskScheduler'
])
param durableBackend string = 'AzureStorage'

@description('Optional. SKU of the Durable Task Scheduler (DurableTaskScheduler backend only): Consumption (per action) or Dedicated (one capacity unit, billed monthly).')
@allowed([
  'Consumption'
  'Dedicated'
])
param durableTaskSchedulerSku string = 'Consumption'

@description('Optional. Principal (object) ID given the Durable Task Data Contributor role on the task hub, for its dashboard (DurableTaskScheduler backend only); by default the deployer, empty grants nobody.')
param durableDashboardPrincipalId string = deployer().objectId

@description('Optional. Cross-tenant (scenario A): the tenant ID of an Orders API in another tenant that the daemon calls instead of the one deployed here, as a multi-tenant app whose federated credential trusts its managed identity. Empty (default): same tenant. See infra/README.md#cross-tenant.')
param crossTenantResourceTenantId string = ''

@description('Optional. With crossTenantResourceTenantId: the base URL of that Orders API.')
param crossTenantOrdersApiBaseUrl string = ''

@description('Optional. With crossTenantResourceTenantId: the scope of that Orders API, {App ID URI}/.default.')
param crossTenantOrdersApiScope string = ''

var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = {
  'azd-env-name': environmentName
}
var tenantId = tenant().tenantId
var serverDeploymentContainer = 'app-package-${serverAppRole}'
var clientDeploymentContainer = 'app-package-${clientAppRole}'
var useDurableTaskScheduler = durableBackend == 'DurableTaskScheduler'

// Built-in role definition IDs (names are not stable enough across module versions).
var roles = {
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  storageBlobDataContributor: 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  storageTableDataReader: '76199698-9eea-4c19-bc75-cec21354c6b6'
  monitoringMetricsPublisher: '3913510d-42f4-4e42-8a64-420c390055eb'
}

resource rg 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: 'rg-${environmentName}'
  location: location
  tags: tags
}

// ---------- Identities ----------
// User-assigned: role assignments (Azure RBAC and the Entra app role) exist before the apps do, and
// survive an app being deleted and recreated; a system-assigned identity would change principal.

module serverIdentity 'br/public:avm/res/managed-identity/user-assigned-identity:0.4.1' = {
  name: 'server-identity'
  scope: rg
  params: {
    name: 'id-${serverAppRole}-${resourceToken}'
    location: location
    tags: tags
  }
}

module clientIdentity 'br/public:avm/res/managed-identity/user-assigned-identity:0.4.1' = {
  name: 'client-identity'
  scope: rg
  params: {
    name: 'id-${clientAppRole}-${resourceToken}'
    location: location
    tags: tags
  }
}

// ---------- Storage ----------
// Two accounts keep data roles least-privilege: the client's durable task hub needs blob, queue
// and table rights on its host account, which on a shared account would also cover the orders
// table. Host storage holds AzureWebJobsStorage and the deployment packages; data storage holds
// only the orders table and the sync container.

module hostStorage 'br/public:avm/res/storage/storage-account:0.32.0' = {
  name: 'host-storage'
  scope: rg
  params: {
    name: 'sthost${resourceToken}'
    location: location
    tags: tags
    skuName: 'Standard_LRS'
    kind: 'StorageV2'
    allowSharedKeyAccess: false
    allowBlobPublicAccess: false
    defaultToOAuthAuthentication: true
    minimumTlsVersion: 'TLS1_2'
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      defaultAction: 'Allow'
      bypass: 'AzureServices'
    }
    blobServices: {
      containers: [
        { name: serverDeploymentContainer }
        { name: clientDeploymentContainer }
      ]
    }
    // Account scope: the host and the durable task hub create their own containers, queues and
    // tables at runtime. Blob Data Owner is the documented minimum for identity-based host storage.
    roleAssignments: hostStorageRoleAssignments
  }
}

var hostStorageRoleAssignments = useDurableTaskScheduler
  ? hostRuntimeRoleAssignments
  : concat(hostRuntimeRoleAssignments, azureStorageBackendRoleAssignments)

// Both Function Hosts: timers, leases, keys and the deployment packages.
var hostRuntimeRoleAssignments = [
  {
    principalId: serverIdentity.outputs.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionIdOrName: roles.storageBlobDataOwner
  }
  {
    principalId: clientIdentity.outputs.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionIdOrName: roles.storageBlobDataOwner
  }
]

// Durable Functions on the Azure Storage backend: control and work-item queues, history and
// instance tables in the host account. The Durable Task Scheduler backend needs neither.
var azureStorageBackendRoleAssignments = [
  {
    principalId: clientIdentity.outputs.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionIdOrName: roles.storageQueueDataContributor
  }
  {
    principalId: clientIdentity.outputs.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionIdOrName: roles.storageTableDataContributor
  }
]

// ---------- Durable Task Scheduler (durableBackend = 'DurableTaskScheduler') ----------
// The client's task hub on a managed scheduler instead of the host account's queues and tables;
// the client's identity is its worker, the deployer may open its dashboard.

module durableTaskScheduler 'durable/durableTaskScheduler.bicep' = if (useDurableTaskScheduler) {
  name: 'durable-task-scheduler'
  scope: rg
  params: {
    name: 'dts-${resourceToken}'
    location: location
    tags: tags
    taskHubName: durableTaskHubName
    skuName: durableTaskSchedulerSku
    workerPrincipalId: clientIdentity.outputs.principalId
    dashboardPrincipalId: durableDashboardPrincipalId
  }
}

module dataStorage 'br/public:avm/res/storage/storage-account:0.32.0' = {
  name: 'data-storage'
  scope: rg
  params: {
    name: 'stdata${resourceToken}'
    location: location
    tags: tags
    skuName: 'Standard_LRS'
    kind: 'StorageV2'
    allowSharedKeyAccess: false
    allowBlobPublicAccess: false
    defaultToOAuthAuthentication: true
    minimumTlsVersion: 'TLS1_2'
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      defaultAction: 'Allow'
      bypass: 'AzureServices'
    }
    tableServices: {
      tables: [
        {
          name: ordersTableName
          // Table scope: the Orders API reads this table and nothing else.
          roleAssignments: concat(
            [
              {
                principalId: serverIdentity.outputs.principalId
                principalType: 'ServicePrincipal'
                roleDefinitionIdOrName: roles.storageTableDataReader
              }
            ],
            empty(ordersWriterPrincipalId)
              ? []
              : [
                  {
                    principalId: ordersWriterPrincipalId
                    principalType: 'User'
                    roleDefinitionIdOrName: roles.storageTableDataContributor
                  }
                ]
          )
        }
      ]
    }
    blobServices: {
      containers: [
        {
          name: syncContainerName
          publicAccess: 'None'
          // Container scope: the daemon writes its sync archive (runs/, latest.json) and keeps its
          // per-partition sync state (state/) here, and nowhere else; this one role covers both.
          roleAssignments: [
            {
              principalId: clientIdentity.outputs.principalId
              principalType: 'ServicePrincipal'
              roleDefinitionIdOrName: roles.storageBlobDataContributor
            }
          ]
        }
      ]
    }
  }
}

// Retention: run data under runs/ is deleted syncRetentionDays after it was written; the sync
// state (state/…) and latest.json in the same container match no rule and are kept.
module syncRetention 'storage/syncRetention.bicep' = {
  name: 'sync-retention'
  scope: rg
  params: {
    storageAccountName: dataStorage.outputs.name
    containerName: syncContainerName
    retentionDays: syncRetentionDays
  }
}

// ---------- Monitoring ----------

module logAnalytics 'br/public:avm/res/operational-insights/workspace:0.15.1' = {
  name: 'log-analytics'
  scope: rg
  params: {
    name: 'log-${resourceToken}'
    location: location
    tags: tags
    dataRetention: 30
  }
}

module applicationInsights 'br/public:avm/res/insights/component:0.7.1' = {
  name: 'application-insights'
  scope: rg
  params: {
    name: 'appi-${resourceToken}'
    location: location
    tags: tags
    workspaceResourceId: logAnalytics.outputs.resourceId
    // Entra-only ingestion: the apps authenticate with APPLICATIONINSIGHTS_AUTHENTICATION_STRING.
    disableLocalAuth: true
    roleAssignments: [
      {
        principalId: serverIdentity.outputs.principalId
        principalType: 'ServicePrincipal'
        roleDefinitionIdOrName: roles.monitoringMetricsPublisher
      }
      {
        principalId: clientIdentity.outputs.principalId
        principalType: 'ServicePrincipal'
        roleDefinitionIdOrName: roles.monitoringMetricsPublisher
      }
    ]
  }
}

// ---------- Entra: the Orders API registration and the client's app role ----------

module ordersApiRegistration 'entra/ordersApiRegistration.bicep' = {
  name: 'orders-api-registration'
  scope: rg
  params: {
    uniqueName: 'orders-api-${resourceToken}'
    displayName: 'Orders API (${environmentName})'
    clientPrincipalId: clientIdentity.outputs.principalId
    accessTokenVersion: accessTokenVersion
  }
}

// ---------- Entra: cross-tenant client (crossTenantResourceTenantId set) ----------

var useCrossTenant = !empty(crossTenantResourceTenantId)

module crossTenantClientRegistration 'entra/crossTenantClientRegistration.bicep' = if (useCrossTenant) {
  name: 'cross-tenant-client-registration'
  scope: rg
  params: {
    uniqueName: 'orders-daemon-xt-${resourceToken}'
    displayName: 'Orders daemon cross-tenant (${environmentName})'
    clientPrincipalId: clientIdentity.outputs.principalId
    identityClientId: clientIdentity.outputs.clientId
    resourceTenantId: crossTenantResourceTenantId
    ordersApiBaseUrl: crossTenantOrdersApiBaseUrl
    ordersApiScope: crossTenantOrdersApiScope
  }
}

// ---------- Function Apps: one artifact, two apps, one Flex Consumption plan each ----------

module serverPlan 'br/public:avm/res/web/serverfarm:0.7.0' = {
  name: 'server-plan'
  scope: rg
  params: {
    name: 'plan-${serverAppRole}-${resourceToken}'
    location: location
    tags: tags
    kind: 'functionapp'
    skuName: 'FC1'
    reserved: true
    zoneRedundant: false
  }
}

module clientPlan 'br/public:avm/res/web/serverfarm:0.7.0' = {
  name: 'client-plan'
  scope: rg
  params: {
    name: 'plan-${clientAppRole}-${resourceToken}'
    location: location
    tags: tags
    kind: 'functionapp'
    skuName: 'FC1'
    reserved: true
    zoneRedundant: false
  }
}

module serverSettings 'app/server.appsettings.bicep' = {
  name: 'server-appsettings'
  scope: rg
  params: {
    tenantId: tenantId
    ordersApiClientId: ordersApiRegistration.outputs.appId
    allowedClientIds: [clientIdentity.outputs.clientId]
    identityClientId: serverIdentity.outputs.clientId
    dataTableServiceUri: dataStorage.outputs.serviceEndpoints.table
    hostStorageAccountName: hostStorage.outputs.name
    applicationInsightsConnectionString: applicationInsights.outputs.connectionString
  }
}

module serverEasyAuth 'app/server.easyauth.bicep' = if (enableEasyAuth) {
  name: 'server-easyauth'
  scope: rg
  params: {
    tenantId: tenantId
    ordersApiClientId: ordersApiRegistration.outputs.appId
    ordersApiIdentifierUri: ordersApiRegistration.outputs.identifierUri
    allowedClientIds: [clientIdentity.outputs.clientId]
    accessTokenVersion: accessTokenVersion
    excludedPaths: [healthPath]
  }
}

module serverApp 'app/functionApp.bicep' = {
  name: 'server-app'
  scope: rg
  params: {
    name: 'func-${serverAppRole}-${resourceToken}'
    location: location
    tags: tags
    serviceName: serverAppRole
    serverFarmResourceId: serverPlan.outputs.resourceId
    identityResourceId: serverIdentity.outputs.resourceId
    hostBlobEndpoint: hostStorage.outputs.primaryBlobEndpoint
    deploymentContainerName: serverDeploymentContainer
    appSettings: serverSettings.outputs.appSettings
    authSettingsV2: enableEasyAuth ? serverEasyAuth!.outputs.authSettingsV2 : {}
    maximumInstanceCount: maximumInstanceCount
  }
}

module clientSettings 'app/client.appsettings.bicep' = {
  name: 'client-appsettings'
  scope: rg
  params: {
    ordersApiHostName: serverApp.outputs.defaultHostname
    ordersApiIdentifierUri: ordersApiRegistration.outputs.identifierUri
    identityClientId: clientIdentity.outputs.clientId
    dataBlobServiceUri: dataStorage.outputs.primaryBlobEndpoint
    hostStorageAccountName: hostStorage.outputs.name
    applicationInsightsConnectionString: applicationInsights.outputs.connectionString
    syncSchedule: syncSchedule
    durableBackend: durableBackend
    durableTaskSchedulerEndpoint: useDurableTaskScheduler ? durableTaskScheduler!.outputs.endpoint : ''
    durableTaskHubName: useDurableTaskScheduler ? durableTaskScheduler!.outputs.taskHubName : ''
  }
}

module clientApp 'app/functionApp.bicep' = {
  name: 'client-app'
  scope: rg
  params: {
    name: 'func-${clientAppRole}-${resourceToken}'
    location: location
    tags: tags
    serviceName: clientAppRole
    serverFarmResourceId: clientPlan.outputs.resourceId
    identityResourceId: clientIdentity.outputs.resourceId
    hostBlobEndpoint: hostStorage.outputs.primaryBlobEndpoint
    deploymentContainerName: clientDeploymentContainer
    appSettings: useCrossTenant ? union(clientSettings.outputs.appSettings, crossTenantClientRegistration!.outputs.clientAppSettings) : clientSettings.outputs.appSettings
    maximumInstanceCount: maximumInstanceCount
  }
}

// ---------- Outputs (azd stores them in .azure/<env>/.env) ----------

output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output SERVER_NAME string = serverApp.outputs.name
output SERVER_URL string = 'https://${serverApp.outputs.defaultHostname}'
output CLIENT_NAME string = clientApp.outputs.name
output CLIENT_URL string = 'https://${clientApp.outputs.defaultHostname}'
output ORDERS_API_CLIENT_ID string = ordersApiRegistration.outputs.appId
output ORDERS_API_SCOPE string = '${ordersApiRegistration.outputs.identifierUri}/.default'
output CLIENT_IDENTITY_CLIENT_ID string = clientIdentity.outputs.clientId
output DATA_STORAGE_ACCOUNT string = dataStorage.outputs.name
output HOST_STORAGE_ACCOUNT string = hostStorage.outputs.name
output DURABLE_BACKEND string = durableBackend
output CROSS_TENANT_APP_ID string = useCrossTenant ? crossTenantClientRegistration!.outputs.appId : ''
output DURABLE_TASK_SCHEDULER_ENDPOINT string = useDurableTaskScheduler ? durableTaskScheduler!.outputs.endpoint : ''
