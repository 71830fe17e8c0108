// The Durable Task Scheduler backend of the sync daemon (durableBackend = 'DurableTaskScheduler'
// in main.bicep): a scheduler, its one task hub, and the Durable Task Data Contributor role on that
// task hub for the daemon's identity (the worker) and, optionally, for the deployer (the
// dashboard). The daemon reaches it through the settings in app/client.appsettings.bicep;
// test/infra/durableBackend.test.ts checks both against each other and against host.json.

@description('Required. Name of the scheduler (3-64 letters, digits and hyphens).')
@minLength(3)
@maxLength(64)
param name string

@description('Optional. Location of the scheduler; the same region as the Function App keeps the gRPC calls local.')
param location string = resourceGroup().location

@description('Optional. Tags.')
param tags object = {}

@description('Required. Name of the task hub: the hub name the daemon runs under.')
param taskHubName string

@description('Optional. Consumption (billed per action, no idle cost) or Dedicated (capacity units billed monthly).')
@allowed([
  'Consumption'
  'Dedicated'
])
param skuName string = 'Consumption'

@description('Required. Principal (object) ID of the daemon\'s user-assigned identity: the worker.')
param workerPrincipalId string

@description('Optional. Principal (object) ID of a user or service principal who opens the dashboard; empty grants nobody.')
param dashboardPrincipalId string = ''

// Built-in role: all data operations on orchestrations and entities (start, query, terminate, purge).
var durableTaskDataContributor = '0ad04412-c4d5-4796-b79c-f76d14c8d402'

resource scheduler 'Microsoft.DurableTask/schedulers@2026-02-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    // Required, and an empty list denies every caller. Flex Consumption has no fixed outbound
    // addresses without a virtual network, so access is decided by Entra and the role below.
    ipAllowlist: ['0.0.0.0/0']
    // Dedicated is bought in capacity units; one is the smallest.
    sku: skuName == 'Dedicated' ? { name: skuName, capacity: 1 } : { name: skuName }
  }
}

resource taskHub 'Microsoft.DurableTask/schedulers/taskHubs@2026-02-01' = {
  name: taskHubName
  parent: scheduler
}

// Task hub scope: the daemon gets its own hub and no other hub a later scheduler user adds.
resource workerRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(taskHub.id, workerPrincipalId, durableTaskDataContributor)
  scope: taskHub
  properties: {
    principalId: workerPrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', durableTaskDataContributor)
  }
}

// principalType is left out: the deployer may be a user or a CI service principal, and ARM looks
// an existing principal up itself.
resource dashboardRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(dashboardPrincipalId)) {
  name: guid(taskHub.id, dashboardPrincipalId, durableTaskDataContributor)
  scope: taskHub
  properties: {
    principalId: dashboardPrincipalId
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', durableTaskDataContributor)
  }
}

@description('Name of the scheduler.')
output name string = scheduler.name

@description('gRPC endpoint of the scheduler, e.g. https://<name>.<region>.durabletask.io.')
output endpoint string = scheduler.properties.endpoint

@description('Name of the task hub.')
output taskHubName string = taskHub.name
