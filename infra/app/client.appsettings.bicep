// App settings of the sync daemon Function App, as one object literal. Setting names are the
// code's (client-app/sync/syncSettings.ts SYNC_SETTINGS, client-app/settings/readTokenSettings.ts
// TOKEN_SETTING_NAMES, shared/storage/storageConnection.ts) plus the platform's;
// test/infra/infraConsistency.test.ts reads this object and fails on any drift.
// IDENTITY_ENDPOINT / IDENTITY_HEADER are set by the platform, never here; no secret is either:
// the daemon authenticates with its managed identity. The durable backend adds its own settings
// (durableTaskSchedulerSettings below); test/infra/durableBackend.test.ts checks them.

import { clientAppRole, syncContainerName } from '../names.bicep'

@description('Required. Host name of the Orders API Function App.')
param ordersApiHostName string

@description('Required. App ID URI of the Orders API, e.g. api://<app id>.')
param ordersApiIdentifierUri string

@description('Required. Client ID of the app\'s user-assigned managed identity.')
param identityClientId string

@description('Required. Blob endpoint of the data storage account, e.g. https://<account>.blob.core.windows.net/.')
param dataBlobServiceUri string

@description('Required. Name of the host storage account (AzureWebJobsStorage, durable task hub).')
param hostStorageAccountName string

@description('Required. Application Insights connection string.')
param applicationInsightsConnectionString string

@description('Optional. NCRONTAB schedule of the timer-started sync (UTC); the code\'s default is every six hours.')
param syncSchedule string = '0 0 */6 * * *'

@description('Optional. Where the durable task hub lives: Azure Storage (the host account) or a Durable Task Scheduler.')
@allowed([
  'AzureStorage'
  'DurableTaskScheduler'
])
param durableBackend string = 'AzureStorage'

@description('Optional. Endpoint of the Durable Task Scheduler; only used by the DurableTaskScheduler backend.')
param durableTaskSchedulerEndpoint string = ''

@description('Optional. Task hub on the Durable Task Scheduler; only used by the DurableTaskScheduler backend.')
param durableTaskHubName string = ''

var commonSettings = {
  ORDERS_APP: clientAppRole
  ORDERS_API_BASE_URL: 'https://${ordersApiHostName}'
  ORDERS_API_SCOPE: '${ordersApiIdentifierUri}/.default'
  ORDERS_API_CREDENTIAL: 'managed-identity'
  AZURE_CLIENT_ID: identityClientId
  ORDERS_SYNC_SCHEDULE: syncSchedule
  ORDERS_SYNC_CONTAINER: syncContainerName
  ORDERS_STORAGE__blobServiceUri: dataBlobServiceUri
  ORDERS_STORAGE__clientId: identityClientId
  AzureWebJobsStorage__accountName: hostStorageAccountName
  AzureWebJobsStorage__credential: 'managedidentity'
  AzureWebJobsStorage__clientId: identityClientId
  APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsightsConnectionString
  // Entra auth to Application Insights (local auth is disabled on the component).
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'
}

// The repository's host.json names Azure Storage, so that `func start` and the local host run
// as they are; on Azure these host.json overrides switch the Durable extension to the scheduler
// (storage provider azureManaged), authenticated as the app's user-assigned identity.
var durableTaskSchedulerSettings = {
  DURABLE_TASK_SCHEDULER_CONNECTION_STRING: 'Endpoint=${durableTaskSchedulerEndpoint};Authentication=ManagedIdentity;ClientID=${identityClientId}'
  AzureFunctionsJobHost__extensions__durableTask__hubName: durableTaskHubName
  AzureFunctionsJobHost__extensions__durableTask__storageProvider__type: 'azureManaged'
  AzureFunctionsJobHost__extensions__durableTask__storageProvider__connectionStringName: 'DURABLE_TASK_SCHEDULER_CONNECTION_STRING'
}

@description('The app settings of the sync daemon.')
output appSettings object = durableBackend == 'DurableTaskScheduler'
  ? union(commonSettings, durableTaskSchedulerSettings)
  : commonSettings
