/**
 * Cross-tenant infra (scenario A) and code must agree: the FIC on the multi-tenant app names
 * what the exchange matches (home issuer, the identity's principal id, the cloud's exchange
 * audience as the client computes it), the cross-tenant client settings read as the
 * managed-identity-federated mode, and infra/README.md gives the resource tenant's steps.
 * No Bicep compiler runs here: the files are read as text.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';

import {
  TOKEN_SETTING_NAMES,
  readTokenSettings,
} from '../../client-app/settings/readTokenSettings.js';
import { SYNC_SETTINGS, readSyncSettings } from '../../client-app/sync/syncSettings.js';
import { TOKEN_EXCHANGE_AUDIENCES } from '../../local/identity/tokenExchangeAudiences.js';
import { SERVER_SETTINGS } from '../../server-app/settings.js';
import { REPO_ROOT } from '../support/repoRoot.js';
import {
  propertyValue,
  readDeclarationValue,
  readModule,
  readObjectLiteral,
  readObjectOutput,
  readObjectValue,
  readParam,
  stringLiteral,
} from './support/bicepText.js';

const read = (file: string) => readFileSync(path.join(REPO_ROOT, file), 'utf8');
const registration = read('infra/entra/crossTenantClientRegistration.bicep');
const mainBicep = read('infra/main.bicep');
const readme = read('infra/README.md');

const IDENTITY_CLIENT_ID = '11111111-2222-4333-8444-555555555555';
const APP_ID = '22222222-3333-4444-8555-666666666666';
const RESOURCE_TENANT = '33333333-4444-4555-8666-777777777777';
/** Stand-ins for the module's expressions, known only at deploy time. */
const STAND_INS: Readonly<Record<string, string>> = {
  identityClientId: IDENTITY_CLIENT_ID,
  'application.appId': APP_ID,
  resourceTenantId: RESOURCE_TENANT,
  ordersApiBaseUrl: 'https://partner-orders.example',
  ordersApiScope: 'api://44444444-5555-4666-8777-888888888888/.default',
};

describe('infra/entra/crossTenantClientRegistration.bicep', () => {
  it('registers a multi-tenant app without any secret or certificate', () => {
    assert.match(registration, /^\s*signInAudience: 'AzureADMultipleOrgs'$/m);
    assert.doesNotMatch(registration, /passwordCredentials|keyCredentials/);
  });

  it("puts one FIC on the app: the home tenant's issuer, the identity's principal id, one exchange audience", () => {
    const head = /resource msiAsFic 'federatedIdentityCredentials@v1\.0' = \{/.exec(registration);
    assert.ok(head, 'a nested federatedIdentityCredentials resource on the application');
    const fic = readObjectLiteral(registration, head.index + head[0].length - 1);
    assert.deepEqual(
      ['name', 'issuer', 'subject', 'audiences'].map((key) => propertyValue(fic, key)),
      [
        "'${application.uniqueName}/msiAsFic'",
        "'${environment().authentication.loginEndpoint}${tenant().tenantId}/v2.0'",
        'clientPrincipalId',
        '[exchangeAudience]',
      ],
    );
    assert.match(readParam(registration, 'clientPrincipalId').type, /^string$/);
  });

  it('takes the exchange audience per cloud as the client and the local identity provider do', () => {
    const expression = readDeclarationValue(registration, 'var', 'exchangeAudience');
    const branches = [...expression.matchAll(/environment\(\)\.name == '(\w+)'\s*\?\s*('[^']*')/g)];
    const fallback = /:\s*('[^']*')$/.exec(expression)?.[1];
    const byCloud = new Map(branches.map((m) => [m[1], stringLiteral(m[2] as string)]));
    const clientAudience = (authorityHost: string) => {
      const settings = readTokenSettings({
        ORDERS_API_CREDENTIAL: 'managed-identity-federated',
        IDENTITY_ENDPOINT: 'http://localhost:42356/msi/token',
        IDENTITY_HEADER: 'h',
        ORDERS_API_MANAGED_IDENTITY_CLIENT_ID: IDENTITY_CLIENT_ID,
        AZURE_TENANT_ID: RESOURCE_TENANT,
        AZURE_CLIENT_ID: APP_ID,
        AZURE_AUTHORITY_HOST: authorityHost,
        ORDERS_API_SCOPE: 'api://x/.default',
      });
      return settings.mode === 'managed-identity-federated' ? settings.exchangeAudience : '';
    };
    assert.deepEqual(
      [
        stringLiteral(fallback ?? ''),
        byCloud.get('AzureUSGovernment'),
        byCloud.get('AzureChinaCloud'),
      ],
      [
        clientAudience('https://login.microsoftonline.com'),
        clientAudience('https://login.microsoftonline.us'),
        clientAudience('https://login.chinacloudapi.cn'),
      ],
    );
    assert.deepEqual(
      [stringLiteral(fallback ?? ''), ...byCloud.values()].sort(),
      [...TOKEN_EXCHANGE_AUDIENCES].sort(),
    );
  });

  it('gives the client settings the code reads as managed-identity-federated, and no others', () => {
    const properties = readObjectOutput(registration, 'clientAppSettings');
    const source = Object.fromEntries(
      properties.map(({ key, value }) => {
        const standIn = stringLiteral(value) ?? STAND_INS[value];
        assert.ok(standIn !== undefined, `no stand-in for ${key}: ${value}`);
        return [key, standIn];
      }),
    );
    const known = new Set<string>([
      ...Object.values(TOKEN_SETTING_NAMES),
      ...Object.values(SYNC_SETTINGS),
    ]);
    assert.deepEqual(
      properties.map((p) => p.key).filter((key) => !known.has(key)),
      [],
    );
    const platform = {
      IDENTITY_ENDPOINT: 'http://localhost:42356/msi/token',
      IDENTITY_HEADER: 'platform-header',
    };
    assert.deepEqual(readTokenSettings({ ...platform, ...source }), {
      mode: 'managed-identity-federated',
      scope: STAND_INS.ordersApiScope,
      identityEndpoint: platform.IDENTITY_ENDPOINT,
      managedIdentityClientId: IDENTITY_CLIENT_ID,
      tenantId: RESOURCE_TENANT,
      clientId: APP_ID,
      authorityHost: 'https://login.microsoftonline.com',
      exchangeAudience: 'api://AzureADTokenExchange',
    });
    assert.equal(
      readSyncSettings({ ...source, ORDERS_STORAGE: 'UseDevelopmentStorage=true' }).apiBaseUrl,
      STAND_INS.ordersApiBaseUrl,
    );
  });
});

describe('infra/main.bicep (cross-tenant)', () => {
  it("deploys the registration only when a resource tenant is set, trusting the client's identity", () => {
    assert.match(
      mainBicep,
      /^module crossTenantClientRegistration 'entra\/crossTenantClientRegistration\.bicep' = if \(useCrossTenant\) \{$/m,
    );
    assert.equal(
      readDeclarationValue(mainBicep, 'var', 'useCrossTenant'),
      '!empty(crossTenantResourceTenantId)',
    );
    const params = readObjectValue(
      propertyValue(readModule(mainBicep, 'crossTenantClientRegistration').properties, 'params'),
    );
    assert.deepEqual(
      ['clientPrincipalId', 'identityClientId', 'resourceTenantId'].map((key) =>
        propertyValue(params, key),
      ),
      [
        'clientIdentity.outputs.principalId',
        'clientIdentity.outputs.clientId',
        'crossTenantResourceTenantId',
      ],
    );
    assert.equal(readParam(mainBicep, 'crossTenantResourceTenantId').defaultValue, "''");
  });

  it('maps each cross-tenant parameter to an azd variable that infra/README.md sets', () => {
    const parameters = (
      JSON.parse(read('infra/main.parameters.json')) as {
        parameters: Record<string, { value: string }>;
      }
    ).parameters;
    for (const name of [
      'crossTenantResourceTenantId',
      'crossTenantOrdersApiBaseUrl',
      'crossTenantOrdersApiScope',
    ]) {
      const variable = /^\$\{(\w+)\}$/.exec(parameters[name]?.value ?? '')?.[1];
      assert.ok(variable !== undefined, name);
      assert.match(readme, new RegExp(`azd env set ${variable} `));
    }
    assert.match(mainBicep, /^output CROSS_TENANT_APP_ID string = /m);
    assert.match(readme, /azd env get-value CROSS_TENANT_APP_ID/);
  });
});

describe('infra/README.md (cross-tenant)', () => {
  it("gives the resource tenant's steps as az commands: service principal, Orders.Read, allowed client", () => {
    const section = readme.slice(readme.indexOf('## Cross-tenant'), readme.indexOf('## Tear down'));
    assert.match(section, /az login --tenant <resource tenant id>/);
    assert.match(section, /az ad sp create --id "\$APP_ID"/);
    assert.match(section, /appRoles\[\?value=='Orders\.Read'\]\.id/);
    assert.match(section, /servicePrincipals\/\$API_SP_ID\/appRoleAssignedTo/);
    assert.match(section, new RegExp(`--settings ${SERVER_SETTINGS.allowedClients}="\\$APP_ID"`));
  });
});
