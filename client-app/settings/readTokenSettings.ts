import { z } from 'zod';

import { ConfigurationError } from '../../shared/config/ConfigurationError.js';
import { readSettings, type SettingsSource } from '../../shared/config/readSettings.js';
import { authorityHost, guid, requiredString } from '../../shared/config/settingSchemas.js';

/** Names of the settings the token provider reads (App Service / Functions app settings). */
export const TOKEN_SETTING_NAMES = {
  credential: 'ORDERS_API_CREDENTIAL',
  scope: 'ORDERS_API_SCOPE',
  tenantId: 'AZURE_TENANT_ID',
  clientId: 'AZURE_CLIENT_ID',
  clientSecret: 'AZURE_CLIENT_SECRET',
  certificatePath: 'AZURE_CLIENT_CERTIFICATE_PATH',
  authorityHost: 'AZURE_AUTHORITY_HOST',
  identityEndpoint: 'IDENTITY_ENDPOINT',
  identityHeader: 'IDENTITY_HEADER',
  managedIdentityClientId: 'ORDERS_API_MANAGED_IDENTITY_CLIENT_ID',
} as const;
const N = TOKEN_SETTING_NAMES;

/** The ways the daemon can prove its identity to Entra (the keys of TOKEN_CREDENTIALS below). */
export const TOKEN_CREDENTIAL_MODES = [
  'managed-identity',
  'client-secret',
  'client-certificate',
  'managed-identity-federated',
] as const;
export type TokenCredentialMode = (typeof TOKEN_CREDENTIAL_MODES)[number];

interface CommonTokenSettings {
  /** One scope, `{App ID URI of the Orders API}/.default`. */
  readonly scope: string;
}

/** Managed identity through the App Service / Functions endpoint. */
export interface ManagedIdentityTokenSettings extends CommonTokenSettings {
  readonly mode: 'managed-identity';
  readonly identityEndpoint: string;
  /** Client id of a user-assigned identity (AZURE_CLIENT_ID); absent means system-assigned. */
  readonly userAssignedClientId?: string;
}

/** A confidential client app registration (MSAL), with a secret or a certificate. */
export interface ConfidentialClientTokenSettings extends CommonTokenSettings {
  readonly mode: 'client-secret' | 'client-certificate';
  readonly tenantId: string;
  readonly clientId: string;
  /** https origin of the authority; default https://login.microsoftonline.com. */
  readonly authorityHost: string;
  /** Set for `client-secret`. */
  readonly clientSecret?: string;
  /** Set for `client-certificate`: a PEM file holding the private key and the certificate. */
  readonly certificatePath?: string;
}

/**
 * Managed identity as a federated identity credential of a multi-tenant app registration: the
 * user-assigned identity's token for the token-exchange audience is the client assertion of the
 * app in the resource tenant (`ClientAssertionCredential` over `ManagedIdentityCredential`).
 */
export interface FederatedManagedIdentityTokenSettings extends CommonTokenSettings {
  readonly mode: 'managed-identity-federated';
  readonly identityEndpoint: string;
  /** Client id of the user-assigned identity whose token is the assertion (ORDERS_API_MANAGED_IDENTITY_CLIENT_ID). */
  readonly managedIdentityClientId: string;
  /** The resource tenant: where the API and the app's service principal are (AZURE_TENANT_ID). */
  readonly tenantId: string;
  /** The multi-tenant app registration whose FIC trusts the identity (AZURE_CLIENT_ID). */
  readonly clientId: string;
  /** https origin of the authority; default https://login.microsoftonline.com. */
  readonly authorityHost: string;
  /** `api://AzureADTokenExchange` for the authority's cloud (…USGov, …China for theirs). */
  readonly exchangeAudience: string;
}

export type TokenSettings =
  | ManagedIdentityTokenSettings
  | ConfidentialClientTokenSettings
  | FederatedManagedIdentityTokenSettings;

/** The settings of one credential mode (the confidential client's type serves two). */
export type TokenSettingsOf<M extends TokenCredentialMode> = SettingsFor<TokenSettings, M>;
type SettingsFor<S, M> = S extends { readonly mode: infer K } ? (M extends K ? S : never) : never;

const scope = requiredString('the Orders API scope, e.g. api://{server client id}/.default').regex(
  /^[^\s]+\/\.default$/,
  'must be one scope ending in /.default, e.g. api://{server client id}/.default',
);
const httpsAuthority = authorityHost().refine((value) => value.startsWith('https://'), {
  message: 'must use https: MSAL refuses other schemes (the local identity provider serves https)',
});

/**
 * Reads the token settings once, at startup, and picks the credential deterministically:
 * ORDERS_API_CREDENTIAL when set; else managed identity when IDENTITY_ENDPOINT and
 * IDENTITY_HEADER exist (the Functions host sets them when an identity is enabled); else the
 * confidential client whose settings exist. Never a probe or a chain; managed-identity-federated
 * only when named (its settings are a managed identity's and an app registration's at once).
 *
 * @throws {ConfigurationError} naming every missing or malformed setting, or what to add when
 *   no credential can be chosen.
 */
export function readTokenSettings(source: SettingsSource): TokenSettings {
  const present = (name: string) => (source[name] ?? '').trim() !== '';
  const explicit = readSettings(
    z.object({
      [N.credential]: z
        .enum(TOKEN_CREDENTIAL_MODES, {
          error: `must be one of ${TOKEN_CREDENTIAL_MODES.join(', ')}`,
        })
        .optional(),
    }),
    source,
  )[N.credential];

  const mode: TokenCredentialMode | undefined =
    explicit ??
    (present(N.identityEndpoint) && present(N.identityHeader)
      ? 'managed-identity'
      : present(N.clientSecret) && present(N.certificatePath)
        ? ambiguous()
        : present(N.clientSecret)
          ? 'client-secret'
          : present(N.certificatePath)
            ? 'client-certificate'
            : undefined);
  if (mode === undefined) {
    throw new ConfigurationError([
      {
        setting: N.credential,
        problem:
          `no credential configured. On Azure, enable the Function App's managed identity (the host then sets ` +
          `${N.identityEndpoint} and ${N.identityHeader}); elsewhere set ${N.tenantId}, ${N.clientId} and ` +
          `${N.clientSecret} or ${N.certificatePath}. ${N.credential} may name the choice explicitly.`,
      },
    ]);
  }

  return Object.freeze(TOKEN_CREDENTIALS[mode](source));
}

/** The exchange audience of each sovereign cloud's authority host; any other host: global. */
const EXCHANGE_AUDIENCES: Readonly<Record<string, string>> = {
  'login.microsoftonline.us': 'api://AzureADTokenExchangeUSGov',
  'login.chinacloudapi.cn': 'api://AzureADTokenExchangeChina',
  'login.partner.microsoftonline.cn': 'api://AzureADTokenExchangeChina',
};
const hostSettings = {
  [N.identityEndpoint]: requiredString(
    'set by the Functions host when a managed identity is enabled on the app',
  ).regex(/^https?:\/\/\S+$/, 'must be an http(s) URL'),
  [N.identityHeader]: requiredString(
    'set by the Functions host when a managed identity is enabled on the app',
  ),
};

function readManagedIdentity(source: SettingsSource): ManagedIdentityTokenSettings {
  const values = readSettings(
    z.object({
      [N.scope]: scope,
      ...hostSettings,
      [N.clientId]: guid('the client id of a user-assigned managed identity').optional(),
    }),
    source,
  );
  const userAssigned = values[N.clientId];
  return {
    mode: 'managed-identity',
    scope: values[N.scope],
    identityEndpoint: values[N.identityEndpoint],
    ...(userAssigned === undefined ? {} : { userAssignedClientId: userAssigned }),
  };
}

function readConfidentialClient(
  mode: ConfidentialClientTokenSettings['mode'],
): (source: SettingsSource) => ConfidentialClientTokenSettings {
  const secretMode = mode === 'client-secret';
  return (source) => {
    const values = readSettings(
      z.object({
        [N.scope]: scope,
        [N.tenantId]: guid('the Entra tenant (directory) id'),
        [N.clientId]: guid("the client app registration's application (client) id"),
        [N.authorityHost]: httpsAuthority,
        [N.clientSecret]: secretMode
          ? requiredString("a client secret's value from the app registration")
          : z.string().optional(),
        [N.certificatePath]: secretMode
          ? z.string().optional()
          : requiredString('path of a PEM file holding the private key and the certificate'),
      }),
      source,
    );
    return {
      mode,
      scope: values[N.scope],
      tenantId: values[N.tenantId],
      clientId: values[N.clientId],
      authorityHost: values[N.authorityHost],
      ...(secretMode
        ? { clientSecret: values[N.clientSecret] }
        : { certificatePath: values[N.certificatePath] }),
    };
  };
}

function readFederatedManagedIdentity(
  source: SettingsSource,
): FederatedManagedIdentityTokenSettings {
  const values = readSettings(
    z
      .object({
        [N.scope]: scope,
        ...hostSettings,
        [N.managedIdentityClientId]: guid(
          'the client id of the user-assigned managed identity the app registration trusts (system-assigned identities cannot be federated credentials)',
        ),
        [N.tenantId]: guid(
          "the resource tenant's id: where the API and the app's service principal are",
        ),
        [N.clientId]: guid("the multi-tenant app registration's application (client) id"),
        [N.authorityHost]: httpsAuthority,
      })
      .refine((v) => v[N.clientId] !== v[N.managedIdentityClientId], {
        path: [N.clientId],
        message: `must be the multi-tenant app registration's id, not the managed identity's (${N.managedIdentityClientId})`,
      }),
    source,
  );
  const authority = values[N.authorityHost];
  return {
    mode: 'managed-identity-federated',
    scope: values[N.scope],
    identityEndpoint: values[N.identityEndpoint],
    managedIdentityClientId: values[N.managedIdentityClientId],
    tenantId: values[N.tenantId],
    clientId: values[N.clientId],
    authorityHost: authority,
    exchangeAudience:
      EXCHANGE_AUDIENCES[new URL(authority).hostname] ?? 'api://AzureADTokenExchange',
  };
}

/**
 * Every credential mode and how its settings are read: the one list of modes (a mode is valid
 * for ORDERS_API_CREDENTIAL exactly when it is a key here), each entry typed to its own
 * settings, so a new mode cannot be read by another's reader.
 */
const TOKEN_CREDENTIALS: {
  readonly [M in TokenCredentialMode]: (source: SettingsSource) => TokenSettingsOf<M>;
} = {
  'managed-identity': readManagedIdentity,
  'client-secret': readConfidentialClient('client-secret'),
  'client-certificate': readConfidentialClient('client-certificate'),
  'managed-identity-federated': readFederatedManagedIdentity,
};

function ambiguous(): never {
  throw new ConfigurationError([
    {
      setting: N.credential,
      problem: `both ${N.clientSecret} and ${N.certificatePath} are set: set ${N.credential} to client-secret or client-certificate`,
    },
  ]);
}
