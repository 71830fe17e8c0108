import type { SettingsSource } from '../shared/config/readSettings.js';

/** Registers the Orders API functions. */
export function registerServerApp(_settings: SettingsSource): void {
  throw new Error('registerServerApp: not implemented yet');
}
