import path from 'node:path';

import { findRepoRoot } from '../../../shared/findRepoRoot.js';
import { readTenantConfig, type TenantConfig } from '../../../local/identity/readTenantConfig.js';

/** The repository's local/identity/tenant.json, parsed. */
export function loadTenant(): Promise<TenantConfig> {
  return readTenantConfig(path.join(findRepoRoot(import.meta.url), 'local/identity/tenant.json'));
}

/** The repository's local/identity/resource-tenant.json, parsed. */
export function loadResourceTenant(): Promise<TenantConfig> {
  return readTenantConfig(
    path.join(findRepoRoot(import.meta.url), 'local/identity/resource-tenant.json'),
  );
}
