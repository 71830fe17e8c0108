// One Flex Consumption Function App (Linux, Node 22) running the shared artifact, on the AVM
// web/site module. Both apps use this module; their app settings decide which functions register.

@description('Required. Name of the Function App.')
param name string

@description('Optional. Location of the Function App.')
param location string = resourceGroup().location

@description('Optional. Tags; the azd-service-name tag is added from serviceName.')
param tags object = {}

@description('Required. azd service name (azure.yaml) deployed to this app.')
param serviceName string

@description('Required. Resource ID of the Flex Consumption plan.')
param serverFarmResourceId string

@description('Required. Resource ID of the app\'s user-assigned managed identity.')
param identityResourceId string

@description('Required. Blob endpoint of the host storage account (holds the deployment container).')
param hostBlobEndpoint string

@description('Required. Blob container the deployment package is uploaded to.')
param deploymentContainerName string

@description('Required. App settings (from <app>.appsettings.bicep).')
param appSettings object

@description('Optional. App Service Authentication (authsettingsV2) properties; empty leaves it off.')
param authSettingsV2 object = {}

@description('Optional. Largest number of instances the app scales out to.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('Optional. Memory per instance in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

var appSettingsConfig = [
  {
    name: 'appsettings'
    properties: appSettings
  }
]
var authConfig = empty(authSettingsV2)
  ? []
  : [
      {
        name: 'authsettingsV2'
        properties: authSettingsV2
      }
    ]

module site 'br/public:avm/res/web/site:0.23.0' = {
  name: '${serviceName}-function-app'
  params: {
    name: name
    location: location
    kind: 'functionapp,linux'
    tags: union(tags, { 'azd-service-name': serviceName })
    serverFarmResourceId: serverFarmResourceId
    httpsOnly: true
    clientAffinityEnabled: false
    managedIdentities: {
      userAssignedResourceIds: [identityResourceId]
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${hostBlobEndpoint}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityResourceId
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      runtime: {
        name: 'node'
        version: '22'
      }
    }
    siteConfig: {
      alwaysOn: false
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
    }
    basicPublishingCredentialsPolicies: [
      {
        name: 'ftp'
        allow: false
      }
      {
        name: 'scm'
        allow: false
      }
    ]
    configs: concat(appSettingsConfig, authConfig)
  }
}

@description('Name of the Function App.')
output name string = site.outputs.name

@description('Resource ID of the Function App.')
output resourceId string = site.outputs.resourceId

@description('Default host name of the Function App.')
output defaultHostname string = site.outputs.defaultHostname
