// App settings of the sync daemon Function App, as one object literal. Setting names are the
// code's (client-app/sync/syncSettings.ts SYNC_SETTINGS, client-app/settings/readTokenSettings.ts
// TOKEN_SETTING_NAMES, shared/storage/storageConnection.ts) plus the platform's;
// test/infra/infraConsistency.test.ts reads this object and fails on any drift.
// IDENTITY_ENDPOINT / IDENTITY_HEADER are set by the platform, never here; no secret is either:
// the daemon authenticates with its managed identity.

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

@description('The app settings of the sync daemon.')
output appSettings object = {
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
