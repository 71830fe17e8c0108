/**
 * The audience a managed-identity token must be requested for to serve as a federated identity
 * credential, per cloud: `api://AzureADTokenExchange` (global), `…USGov`, `…China`
 * (entra-docs `workload-identity-federation-config-app-trust-managed-identity.md`).
 */
export const TOKEN_EXCHANGE_AUDIENCES = [
  'api://AzureADTokenExchange',
  'api://AzureADTokenExchangeUSGov',
  'api://AzureADTokenExchangeChina',
] as const;

/** True when a managed-identity `resource` asks for a token to exchange (trailing `/` ignored). */
export function isTokenExchangeAudience(resource: string): boolean {
  return (TOKEN_EXCHANGE_AUDIENCES as readonly string[]).includes(resource.replace(/\/+$/, ''));
}
