/**
 * Infra and code must agree: no Bicep compiler runs here, so this reads the Bicep and azure.yaml
 * as text. Each app's settings object (infra/app/<app>.appsettings.bicep) is fed to the code's own
 * settings readers, so a setting the code needs that infra does not give fails here, as it would
 * at the app's first start. Names come from the code's constants, never from a copied list.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';

import {
  TOKEN_SETTING_NAMES,
  readTokenSettings,
} from '../../client-app/settings/readTokenSettings.js';
import {
  DEFAULT_SYNC_SCHEDULE,
  SYNC_SETTINGS,
  readSyncSettings,
} from '../../client-app/sync/syncSettings.js';
import { SERVER_SETTINGS, readServerSettings } from '../../server-app/settings.js';
import { readAppRole } from '../../shared/config/readAppRole.js';
import { APP_ROLES, ORDERS_APP_SETTING, ORDERS_READ_ROLE, ROUTES } from '../../shared/names.js';
import { readStorageConnection } from '../../shared/storage/storageConnection.js';
import { REPO_ROOT } from '../support/repoRoot.js';
import { readAzdServices } from './support/azdServices.js';
import {
  propertyValue,
  readExportedStrings,
  readImports,
  readModule,
  readObjectOutput,
  readObjectValue,
  stringLiteral,
  type BicepProperty,
} from './support/bicepText.js';

const root = REPO_ROOT;
const read = (file: string) => readFileSync(path.join(root, file), 'utf8');

const names = readExportedStrings(read('infra/names.bicep'));
const mainBicep = read('infra/main.bicep');

/** The connection prefix both apps use for their data storage account. */
const STORAGE = SERVER_SETTINGS.storage;
/** Managed-identity forms of a connection (shared/storage/storageConnection.ts). */
const STORAGE_IDENTITY_SETTINGS = [
  `${STORAGE}__tableServiceUri`,
  `${STORAGE}__blobServiceUri`,
  `${STORAGE}__clientId`,
];
/** Settings the platform reads; identity-based host storage and Entra auth to App Insights. */
const PLATFORM_SETTINGS = [
  'AzureWebJobsStorage__accountName',
  'AzureWebJobsStorage__blobServiceUri',
  'AzureWebJobsStorage__queueServiceUri',
  'AzureWebJobsStorage__tableServiceUri',
  'AzureWebJobsStorage__credential',
  'AzureWebJobsStorage__clientId',
  'APPLICATIONINSIGHTS_CONNECTION_STRING',
  'APPLICATIONINSIGHTS_AUTHENTICATION_STRING',
];
/** Settings infra must never write, with the reason a reviewer would give. */
const FORBIDDEN_SETTINGS: Readonly<Record<string, string>> = {
  [TOKEN_SETTING_NAMES.identityEndpoint]: 'set by the platform when an identity is enabled',
  [TOKEN_SETTING_NAMES.identityHeader]: 'set by the platform when an identity is enabled',
  [TOKEN_SETTING_NAMES.clientSecret]: 'a secret; the daemon uses its managed identity',
  [TOKEN_SETTING_NAMES.certificatePath]: 'the daemon uses its managed identity',
  AzureWebJobsStorage: 'a connection string needs shared keys, which are disabled',
  // "Flex Consumption plan deprecations" in the Functions app settings reference.
  FUNCTIONS_WORKER_RUNTIME: 'Flex Consumption takes it from functionAppConfig.runtime',
  FUNCTIONS_EXTENSION_VERSION: 'set by the platform on Flex Consumption',
  WEBSITE_NODE_DEFAULT_VERSION: 'Flex Consumption takes it from functionAppConfig.runtime',
  WEBSITE_RUN_FROM_PACKAGE: 'Flex Consumption deploys from functionAppConfig.deployment',
  WEBSITE_CONTENTSHARE: 'Flex Consumption has no content share',
  WEBSITE_CONTENTAZUREFILECONNECTIONSTRING: 'Flex Consumption has no content share',
  WEBSITE_MOUNT_ENABLED: 'deprecated on Flex Consumption',
  SCM_DO_BUILD_DURING_DEPLOYMENT: 'Flex Consumption builds remotely during package deployment',
  ENABLE_ORYX_BUILD: 'Flex Consumption builds remotely during package deployment',
  WEBSITE_MAX_DYNAMIC_APPLICATION_SCALE_OUT: 'Flex Consumption takes it from scaleAndConcurrency',
  WEBSITE_TIME_ZONE: 'not supported on Flex Consumption; timers run in UTC',
  TZ: 'not supported on Flex Consumption; timers run in UTC',
};

const KNOWN_SETTINGS = {
  server: new Set<string>([
    ORDERS_APP_SETTING,
    ...Object.values(SERVER_SETTINGS),
    ...STORAGE_IDENTITY_SETTINGS,
    ...PLATFORM_SETTINGS,
  ]),
  client: new Set<string>([
    ORDERS_APP_SETTING,
    ...Object.values(SYNC_SETTINGS),
    ...Object.values(TOKEN_SETTING_NAMES),
    STORAGE,
    ...STORAGE_IDENTITY_SETTINGS,
    ...PLATFORM_SETTINGS,
  ]),
} as const;

/** What the platform adds at runtime when the app has a managed identity. */
const PLATFORM_RUNTIME = {
  [TOKEN_SETTING_NAMES.identityEndpoint]: 'http://localhost:42356/msi/token',
  [TOKEN_SETTING_NAMES.identityHeader]: 'platform-header',
};

const PLACEHOLDER_GUID = '11111111-2222-4333-8444-555555555555';

/**
 * Infra values are mostly ARM expressions, known only at deploy time. A stand-in of the shape
 * the code expects lets the readers run; string literals and names.bicep constants are used as
 * written, so a wrong literal still fails.
 */
function standIn(key: string, value: string, imported: readonly string[]): string {
  const literal = stringLiteral(value);
  if (literal !== undefined) return literal;
  if (imported.includes(value)) {
    const constant = names.get(value);
    assert.ok(constant !== undefined, `${value} is not an exported string of infra/names.bicep`);
    return constant;
  }
  if (value.startsWith("'")) return value.slice(1, -1).replace(/\$\{[^}]*\}/g, 'placeholder');
  if (/(_ID|__clientId|_ALLOWED_CLIENTS)$/.test(key)) return PLACEHOLDER_GUID;
  if (/(ServiceUri|_URL|_HOST)$/.test(key)) return 'https://placeholder.example/';
  return 'placeholder';
}

interface AppSettings {
  readonly properties: readonly BicepProperty[];
  readonly keys: readonly string[];
  readonly source: Readonly<Record<string, string>>;
}

function readAppSettings(app: 'server' | 'client'): AppSettings {
  const text = read(`infra/app/${app}.appsettings.bicep`);
  const imported = readImports(text, '../names.bicep');
  const properties = readObjectOutput(text, 'appSettings');
  const source = Object.fromEntries(
    properties.map(({ key, value }) => [key, standIn(key, value, imported)]),
  );
  return { properties, keys: properties.map((p) => p.key), source };
}

const settings = { server: readAppSettings('server'), client: readAppSettings('client') };

describe('infra/app/<app>.appsettings.bicep', () => {
  it('gives the Orders API every setting it reads at startup, with its managed identity', () => {
    const { source } = settings.server;
    assert.equal(readAppRole(source), 'server');
    const server = readServerSettings(source);
    assert.equal(server.requiredRole, ORDERS_READ_ROLE);
    assert.deepEqual(server.storage, {
      kind: 'managedIdentity',
      name: STORAGE,
      tableServiceUri: 'https://placeholder.example/',
      blobServiceUri: undefined,
      clientId: PLACEHOLDER_GUID,
    });
    assert.equal(server.tableName, names.get('ordersTableName'));
    assert.deepEqual(server.allowedClients, [PLACEHOLDER_GUID]);
  });

  it('gives the sync daemon every setting it reads at startup, with its managed identity', () => {
    const source = { ...settings.client.source, ...PLATFORM_RUNTIME };
    assert.equal(readAppRole(source), 'client');
    const sync = readSyncSettings(source);
    assert.equal(sync.container, names.get('syncContainerName'));
    assert.equal(sync.apiBaseUrl, 'https://placeholder');
    assert.deepEqual(readTokenSettings(source), {
      mode: 'managed-identity',
      scope: 'placeholder/.default',
      identityEndpoint: PLATFORM_RUNTIME[TOKEN_SETTING_NAMES.identityEndpoint],
      userAssignedClientId: PLACEHOLDER_GUID,
    });
    assert.deepEqual(readStorageConnection(STORAGE, source), {
      kind: 'managedIdentity',
      name: STORAGE,
      tableServiceUri: undefined,
      blobServiceUri: 'https://placeholder.example/',
      clientId: PLACEHOLDER_GUID,
    });
  });

  for (const app of ['server', 'client'] as const) {
    it(`sets only settings the ${app} code or the platform reads`, () => {
      const unknown = settings[app].keys.filter((key) => !KNOWN_SETTINGS[app].has(key));
      assert.deepEqual(unknown, []);
    });

    it(`sets none of the settings infra must leave alone on the ${app}`, () => {
      const forbidden = settings[app].keys
        .filter((key) => key in FORBIDDEN_SETTINGS)
        .map((key) => `${key}: ${FORBIDDEN_SETTINGS[key]}`);
      assert.deepEqual(forbidden, []);
    });

    it(`connects the ${app} host to its storage account with its user-assigned identity`, () => {
      const { properties } = settings[app];
      const value = (key: string) => properties.find((p) => p.key === key)?.value;
      assert.equal(value('AzureWebJobsStorage__credential'), "'managedidentity'");
      assert.equal(value('AzureWebJobsStorage__clientId'), 'identityClientId');
      assert.equal(value(`${STORAGE}__clientId`), 'identityClientId');
      assert.equal(value('AzureWebJobsStorage__accountName'), 'hostStorageAccountName');
      assert.equal(
        value('APPLICATIONINSIGHTS_AUTHENTICATION_STRING'),
        "'ClientId=${identityClientId};Authorization=AAD'",
      );
    });
  }
});

describe('infra/names.bicep', () => {
  it('holds the app role value the server enforces', () => {
    assert.equal(names.get('ordersReadRole'), ORDERS_READ_ROLE);
  });

  it('holds exactly the two ORDERS_APP values', () => {
    assert.deepEqual([names.get('clientAppRole'), names.get('serverAppRole')], [...APP_ROLES]);
  });

  it('names the health route the host serves', () => {
    const hostJson = JSON.parse(read('host.json')) as {
      extensions: { http: { routePrefix: string } };
    };
    assert.equal(
      names.get('healthPath'),
      `/${hostJson.extensions.http.routePrefix}/${ROUTES.health}`,
    );
  });
});

describe('infra/entra/ordersApiRegistration.bicep', () => {
  const text = read('infra/entra/ordersApiRegistration.bicep');

  it('defines one application-only app role whose value is ordersReadRole', () => {
    assert.deepEqual(readImports(text, '../names.bicep'), ['ordersReadRole']);
    const values = [...text.matchAll(/^\s*value:\s*(.+)$/gm)].map((m) => m[1]);
    assert.deepEqual(values, ['ordersReadRole']);
    const memberTypes = [...text.matchAll(/allowedMemberTypes:\s*(\[[^\]]*\])/g)].map((m) => m[1]);
    assert.deepEqual(memberTypes, ["['Application']"]);
  });

  it('sets the App ID URI to api://{appId}, requires assignment and assigns the client', () => {
    assert.match(text, /identifierUris:\s*\['api:\/\/\$\{application\.appId\}'\]/);
    assert.match(text, /appRoleAssignmentRequired:\s*true/);
    assert.match(
      text,
      /'Microsoft\.Graph\/appRoleAssignedTo@v1\.0' = \{\s*appRoleId: appRoleId\s*principalId: clientPrincipalId\s*resourceId: servicePrincipal\.id/,
    );
    const registration = readModule(mainBicep, 'ordersApiRegistration');
    assert.equal(registration.source, 'entra/ordersApiRegistration.bicep');
    const params = readObjectValue(propertyValue(registration.properties, 'params'));
    assert.equal(propertyValue(params, 'clientPrincipalId'), 'clientIdentity.outputs.principalId');
  });
});

describe('azure.yaml and infra/main.bicep', () => {
  it('deploys the one package as one azd service per ORDERS_APP value', () => {
    const services = readAzdServices(read('azure.yaml'));
    assert.deepEqual([...services.keys()].sort(), [...APP_ROLES].sort());
    for (const service of services.values()) {
      assert.deepEqual(service, {
        project: '.',
        language: 'ts',
        host: 'function',
        remoteBuild: 'true',
      });
    }
  });

  for (const app of APP_ROLES) {
    it(`gives the ${app} Function App its own settings, identity and azd service name`, () => {
      const module = readModule(mainBicep, `${app}App`);
      assert.equal(module.source, 'app/functionApp.bicep');
      const params = readObjectValue(propertyValue(module.properties, 'params'));
      assert.equal(names.get(propertyValue(params, 'serviceName')), app);
      assert.equal(propertyValue(params, 'appSettings'), `${app}Settings.outputs.appSettings`);
      assert.equal(
        propertyValue(params, 'identityResourceId'),
        `${app}Identity.outputs.resourceId`,
      );
      const settingsModule = readModule(mainBicep, `${app}Settings`);
      assert.equal(settingsModule.source, `app/${app}.appsettings.bicep`);
      // The client ID the code authenticates with must be the identity attached to the app.
      const settingsParams = readObjectValue(propertyValue(settingsModule.properties, 'params'));
      assert.equal(
        propertyValue(settingsParams, 'identityClientId'),
        `${app}Identity.outputs.clientId`,
      );
    });
  }

  it("defaults the sync schedule to the code's default", () => {
    const defaults = [mainBicep, read('infra/app/client.appsettings.bicep')].map(
      (text) => /^param syncSchedule string = ('.*')$/m.exec(text)?.[1],
    );
    const parameters = JSON.parse(read('infra/main.parameters.json')) as {
      parameters: Record<string, { value: string } | undefined>;
    };
    const azdValue = parameters.parameters.syncSchedule?.value ?? '';
    const azdDefault = /^\$\{\w+=(.*)\}$/.exec(azdValue)?.[1];
    assert.deepEqual(
      [...defaults.map((value) => stringLiteral(value ?? '')), azdDefault],
      [DEFAULT_SYNC_SCHEDULE, DEFAULT_SYNC_SCHEDULE, DEFAULT_SYNC_SCHEDULE],
    );
  });

  it('lets only the client identity call the Orders API', () => {
    const params = readObjectValue(
      propertyValue(readModule(mainBicep, 'serverSettings').properties, 'params'),
    );
    assert.equal(propertyValue(params, 'allowedClientIds'), '[clientIdentity.outputs.clientId]');
  });

  it('creates the table and container the apps are told to use', () => {
    const data = readObjectValue(
      propertyValue(readModule(mainBicep, 'dataStorage').properties, 'params'),
    );
    const tables = propertyValue(readObjectValue(propertyValue(data, 'tableServices')), 'tables');
    const containers = propertyValue(
      readObjectValue(propertyValue(data, 'blobServices')),
      'containers',
    );
    assert.match(tables, /name: ordersTableName\n/);
    assert.match(containers, /name: syncContainerName\n/);
  });

  it('tags each Function App with its azd service name', () => {
    assert.match(
      read('infra/app/functionApp.bicep'),
      /tags: union\(tags, \{ 'azd-service-name': serviceName \}\)/,
    );
  });
});
