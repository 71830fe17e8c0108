// App settings of the Orders API Function App, as one object literal. Setting names are the
// code's (server-app/settings.ts SERVER_SETTINGS, shared/storage/storageConnection.ts) plus the
// platform's; test/infra/infraConsistency.test.ts reads this object and fails on any drift.
// Flex Consumption takes the runtime from functionAppConfig: FUNCTIONS_WORKER_RUNTIME,
// FUNCTIONS_EXTENSION_VERSION and WEBSITE_* content settings must not appear here.

import { ordersReadRole, ordersTableName, serverAppRole } from '../names.bicep'

@description('Required. Entra tenant whose tokens the API accepts.')
param tenantId string

@description('Required. Application (client) ID of the Orders API registration: the token audience.')
param ordersApiClientId string

@description('Required. Client IDs of the callers allowed in (the client app\'s managed identity).')
param allowedClientIds string[]

@description('Required. Client ID of the app\'s user-assigned managed identity.')
param identityClientId string

@description('Required. Table endpoint of the data storage account, e.g. https://<account>.table.core.windows.net/.')
param dataTableServiceUri string

@description('Required. Name of the host storage account (AzureWebJobsStorage).')
param hostStorageAccountName string

@description('Required. Application Insights connection string.')
param applicationInsightsConnectionString string

@description('The app settings of the Orders API.')
output appSettings object = {
  ORDERS_APP: serverAppRole
  AZURE_TENANT_ID: tenantId
  ORDERS_API_CLIENT_ID: ordersApiClientId
  AZURE_AUTHORITY_HOST: environment().authentication.loginEndpoint
  ORDERS_API_REQUIRED_ROLE: ordersReadRole
  ORDERS_API_ALLOWED_CLIENTS: join(allowedClientIds, ',')
  ORDERS_TABLE_NAME: ordersTableName
  ORDERS_STORAGE__tableServiceUri: dataTableServiceUri
  ORDERS_STORAGE__clientId: identityClientId
  AzureWebJobsStorage__accountName: hostStorageAccountName
  AzureWebJobsStorage__credential: 'managedidentity'
  AzureWebJobsStorage__clientId: identityClientId
  APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsightsConnectionString
  // Entra auth to Application Insights (local auth is disabled on the component).
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'
}
