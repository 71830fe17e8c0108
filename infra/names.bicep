// Names the code also knows, in one place for infra: shared/names.ts (role value, app roles),
// server-app/settings.ts (table default), client-app/sync/syncSettings.ts (container default),
// client-app/sync/createSyncArchive.ts (where a run's blobs live).
// test/infra/infraConsistency.test.ts fails when any of them drifts from the code.

@export()
@description('The app role the Orders API enforces (ORDERS_READ_ROLE in shared/names.ts).')
var ordersReadRole = 'Orders.Read'

@export()
@description('ORDERS_APP value of the Orders API; also its azd service name.')
var serverAppRole = 'server'

@export()
@description('ORDERS_APP value of the sync daemon; also its azd service name.')
var clientAppRole = 'client'

@export()
@description('The table the Orders API reads (ORDERS_TABLE_NAME).')
var ordersTableName = 'orders'

@export()
@description('The blob container the sync daemon writes (ORDERS_SYNC_CONTAINER).')
var syncContainerName = 'orders-sync'

@export()
@description('Blob name prefix of a sync run\'s data in that container (client-app/sync/createSyncArchive.ts), which retention deletes; state/ and latest.json lie outside it.')
var syncRunDataPrefix = 'runs/'

@export()
@description('Anonymous health probe: host.json routePrefix + ROUTES.health in shared/names.ts.')
var healthPath = '/api/health'

@export()
@description('Durable task hub of the sync daemon: host.json extensions.durableTask.hubName, and the task hub the Durable Task Scheduler backend creates.')
var durableTaskHubName = 'OrdersDaemonHub'
