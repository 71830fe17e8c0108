import { z } from 'zod';

import { ConfigurationError } from '../../shared/config/ConfigurationError.js';
import { readSettings, type SettingsSource } from '../../shared/config/readSettings.js';
import { authorityHost, guid, requiredString } from '../../shared/config/settingSchemas.js';

/** The ways the daemon can prove its identity to Entra. */
export const TOKEN_CREDENTIAL_MODES = [
  'managed-identity',
  'client-secret',
  'client-certificate',
] as const;
export type TokenCredentialMode = (typeof TOKEN_CREDENTIAL_MODES)[number];

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
} as const;
const N = TOKEN_SETTING_NAMES;

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

export type TokenSettings = ManagedIdentityTokenSettings | ConfidentialClientTokenSettings;

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
 * confidential client whose settings exist. Never a probe or a chain.
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

  if (mode === 'managed-identity') {
    const values = readSettings(
      z.object({
        [N.scope]: scope,
        [N.identityEndpoint]: requiredString(
          'set by the Functions host when a managed identity is enabled on the app',
        ).regex(/^https?:\/\/\S+$/, 'must be an http(s) URL'),
        [N.identityHeader]: requiredString(
          'set by the Functions host when a managed identity is enabled on the app',
        ),
        [N.clientId]: guid('the client id of a user-assigned managed identity').optional(),
      }),
      source,
    );
    const userAssigned = values[N.clientId];
    return Object.freeze({
      mode,
      scope: values[N.scope],
      identityEndpoint: values[N.identityEndpoint],
      ...(userAssigned === undefined ? {} : { userAssignedClientId: userAssigned }),
    });
  }

  const secretMode = mode === 'client-secret';
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
  return Object.freeze({
    mode,
    scope: values[N.scope],
    tenantId: values[N.tenantId],
    clientId: values[N.clientId],
    authorityHost: values[N.authorityHost],
    ...(secretMode
      ? { clientSecret: values[N.clientSecret] as string }
      : { certificatePath: values[N.certificatePath] as string }),
  });
}

function ambiguous(): never {
  throw new ConfigurationError([
    {
      setting: N.credential,
      problem: `both ${N.clientSecret} and ${N.certificatePath} are set: set ${N.credential} to client-secret or client-certificate`,
    },
  ]);
}
