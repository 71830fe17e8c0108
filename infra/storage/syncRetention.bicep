// Retention of the sync daemon's run data: a lifecycle management policy on the data storage
// account that deletes each run's blobs (runs/{runId}/partitions/*.ndjson, runs/{runId}/report.json)
// a number of days after they were last written. It matches nothing else in the container: the
// per-partition sync state (state/…) and the latest.json pointer are kept for ever, since losing
// them would turn the next incremental run into a full one. An account has one lifecycle policy,
// always named 'default'; test/infra/infraConsistency.test.ts checks the rules below.

import { syncRunDataPrefix } from '../names.bicep'

@description('Required. Name of the data storage account that holds the sync container.')
param storageAccountName string

@description('Required. The container the sync daemon writes (ORDERS_SYNC_CONTAINER).')
param containerName string

@minValue(1)
@description('Required. Days after its last modification that a run\'s data is deleted.')
param retentionDays int

resource dataAccount 'Microsoft.Storage/storageAccounts@2024-01-01' existing = {
  name: storageAccountName
}

resource lifecyclePolicy 'Microsoft.Storage/storageAccounts/managementPolicies@2024-01-01' = {
  name: 'default'
  parent: dataAccount
  properties: {
    policy: {
      rules: [
        {
          name: 'delete-sync-run-data'
          enabled: true
          type: 'Lifecycle'
          definition: {
            filters: {
              blobTypes: ['blockBlob']
              // prefixMatch is <container>/<blob name prefix>.
              prefixMatch: ['${containerName}/${syncRunDataPrefix}']
            }
            actions: {
              baseBlob: {
                delete: {
                  daysAfterModificationGreaterThan: retentionDays
                }
              }
            }
          }
        }
      ]
    }
  }
}

@description('The name of the lifecycle policy (always default).')
output name string = lifecyclePolicy.name
