import type { SettingsSource } from '../shared/config/readSettings.js';

/** Registers the sync daemon functions. */
export function registerClientApp(_settings: SettingsSource): void {
  throw new Error('registerClientApp: not implemented yet');
}
