/**
 * Infra and code must agree: no Bicep compiler runs here, so this reads the Bicep and azure.yaml
 * as text. Each app's settings object (infra/app/<app>.appsettings.bicep) is fed to the code's own
 * settings readers, so a setting the code needs that infra does not give fails here, as it would
 * at the app's first start. Names come from the code's constants, never from a copied list.
 */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';

import {
  TOKEN_SETTING_NAMES,
  readTokenSettings,
} from '../../client-app/settings/readTokenSettings.js';
import { partitionBlobPath, reportBlobPath } from '../../client-app/sync/createSyncArchive.js';
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
  interpolate,
  listResources,
  propertyValue,
  readArrayValue,
  readDeclarationValue,
  readExportedStrings,
  readImports,
  readModule,
  readObjectLiteral,
  readObjectOutput,
  readObjectValue,
  readResource,
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

/**
 * An app's settings as infra writes them: the server's `appSettings` output literal; for the
 * client its `commonSettings`, which every durable backend gets (durableBackend.test.ts checks
 * what the backend adds).
 */
function readAppSettings(app: 'server' | 'client'): AppSettings {
  const text = read(`infra/app/${app}.appsettings.bicep`);
  const imported = readImports(text, '../names.bicep');
  const properties =
    app === 'server'
      ? readObjectOutput(text, 'appSettings')
      : readObjectValue(readDeclarationValue(text, 'var', 'commonSettings'));
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
      assert.equal(
        propertyValue(params, 'appSettings'),
        app === 'client'
          ? // Cross-tenant mode replaces the token settings (test/infra/crossTenant.test.ts).
            'useCrossTenant ? union(clientSettings.outputs.appSettings, crossTenantClientRegistration!.outputs.clientAppSettings) : clientSettings.outputs.appSettings'
          : `${app}Settings.outputs.appSettings`,
      );
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

/** Every .bicep file under infra/, relative to the repository root. */
function infraBicepFiles(dir = 'infra'): string[] {
  return readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const file = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return infraBicepFiles(file);
    return entry.name.endsWith('.bicep') ? [file] : [];
  });
}

/** A `param` declaration: its decorators (one per line), type and default text (`30`). */
function paramDeclaration(text: string, name: string) {
  const match = new RegExp(
    `((?:^@.*\\n)*)^param\\s+${name}\\s+(\\w+)(?:\\s*=\\s*(.+))?$`,
    'm',
  ).exec(text);
  assert.ok(match, `no param ${name}`);
  return {
    decorators: (match[1] as string).split('\n').filter(Boolean),
    type: match[2] as string,
    defaultValue: match[3]?.trim(),
  };
}

/** The azd default of a main.parameters.json entry: `${NAME=default}` gives NAME and default. */
function azdParameter(name: string) {
  const parameters = JSON.parse(read('infra/main.parameters.json')) as {
    parameters: Record<string, { value: string } | undefined>;
  };
  const match = /^\$\{(\w+)(?:=(.*))?\}$/.exec(parameters.parameters[name]?.value ?? '');
  assert.ok(match, `infra/main.parameters.json maps no azd variable to ${name}`);
  return { variable: match[1] as string, defaultValue: match[2] };
}

describe('sync run data retention (infra/storage/syncRetention.bicep)', () => {
  const text = read('infra/storage/syncRetention.bicep');
  const module = readModule(mainBicep, 'syncRetention');
  const moduleParams = readObjectValue(propertyValue(module.properties, 'params'));
  const policy = readResource(text, 'lifecyclePolicy');
  const rules = readArrayValue(
    propertyValue(
      readObjectValue(
        propertyValue(readObjectValue(propertyValue(policy.properties, 'properties')), 'policy'),
      ),
      'rules',
    ),
  ).map(readObjectValue);
  /** The container infra tells the client to write (its ORDERS_SYNC_CONTAINER setting). */
  const clientContainer = settings.client.source[SYNC_SETTINGS.container];
  /** A Bicep value of the module, resolved: its params as main.bicep passes them, its imports. */
  const moduleNames = (name: string): string | undefined => {
    if (readImports(text, '../names.bicep').includes(name)) return names.get(name);
    const passed = moduleParams.find((p) => p.key === name)?.value;
    return passed === undefined ? undefined : (names.get(passed) ?? stringLiteral(passed));
  };
  const ruleFilters = (rule: BicepProperty[]) =>
    readObjectValue(propertyValue(readObjectValue(propertyValue(rule, 'definition')), 'filters'));
  /** Each rule's prefixMatch entries as `<container>/<blob prefix>`. */
  const prefixes = rules.map((rule) =>
    readArrayValue(propertyValue(ruleFilters(rule), 'prefixMatch')).map((entry) =>
      interpolate(entry, moduleNames),
    ),
  );

  it("is the data account's one lifecycle policy, named default", () => {
    assert.equal(module.source, 'storage/syncRetention.bicep');
    assert.equal(propertyValue(moduleParams, 'storageAccountName'), 'dataStorage.outputs.name');
    assert.match(policy.type, /^Microsoft\.Storage\/storageAccounts\/managementPolicies@/);
    assert.equal(propertyValue(policy.properties, 'name'), "'default'");
    const parent = propertyValue(policy.properties, 'parent');
    const account = readResource(text, parent);
    assert.ok(account.existing, `${parent} is the existing data account, not a new one`);
    assert.equal(propertyValue(account.properties, 'name'), 'storageAccountName');
    // No other lifecycle policy anywhere in infra (one per account; another would replace it).
    const policies = infraBicepFiles().flatMap((file) =>
      listResources(read(file))
        .filter((r) => r.type.startsWith('Microsoft.Storage/storageAccounts/managementPolicies@'))
        .map((r) => `${file}: ${r.symbol}`),
    );
    assert.deepEqual(policies, ['infra/storage/syncRetention.bicep: lifecyclePolicy']);
    assert.doesNotMatch(mainBicep, /managementPolicyRules/);
  });

  it("deletes block blobs under runs/ of exactly the client's container", () => {
    assert.equal(clientContainer, names.get('syncContainerName'));
    assert.equal(moduleNames('containerName'), clientContainer);
    assert.deepEqual(prefixes, [[`${clientContainer}/runs/`]]);
    const [rule] = rules as [BicepProperty[]];
    assert.equal(propertyValue(rule, 'enabled'), 'true');
    assert.equal(propertyValue(rule, 'type'), "'Lifecycle'");
    assert.equal(propertyValue(ruleFilters(rule), 'blobTypes'), "['blockBlob']");
    // The prefix is where the client writes a run's data: every blob of a run is covered.
    for (const blob of [partitionBlobPath('r1', 'emea'), reportBlobPath('r1')]) {
      assert.ok(
        prefixes.flat().some((prefix) => `${clientContainer}/${blob}`.startsWith(prefix)),
        `${blob} is not covered by retention`,
      );
    }
  });

  it('deletes them once they are older than the retention parameter (azd ORDERS_SYNC_RETENTION_DAYS)', () => {
    const [rule] = rules as [BicepProperty[]];
    const actions = readObjectValue(
      propertyValue(readObjectValue(propertyValue(rule, 'definition')), 'actions'),
    );
    assert.deepEqual(
      actions.map((a) => a.key),
      ['baseBlob'],
    );
    const baseBlob = readObjectValue(propertyValue(actions, 'baseBlob'));
    assert.deepEqual(
      baseBlob.map((a) => a.key),
      ['delete'],
    );
    assert.deepEqual(readObjectValue(propertyValue(baseBlob, 'delete')), [
      { key: 'daysAfterModificationGreaterThan', value: 'retentionDays' },
    ]);
    assert.equal(propertyValue(moduleParams, 'retentionDays'), 'syncRetentionDays');

    const inModule = paramDeclaration(text, 'retentionDays');
    const inMain = paramDeclaration(mainBicep, 'syncRetentionDays');
    for (const declaration of [inModule, inMain]) {
      assert.equal(declaration.type, 'int');
      assert.ok(declaration.decorators.includes('@minValue(1)'), 'retention is at least one day');
    }
    assert.deepEqual(azdParameter('syncRetentionDays'), {
      variable: 'ORDERS_SYNC_RETENTION_DAYS',
      defaultValue: inMain.defaultValue,
    });
    assert.equal(inMain.defaultValue, '30');
  });

  it('has no rule that can touch the sync state (state/) or latest.json', () => {
    // A rule without prefixMatch matches every blob of the account, so each must have one.
    for (const [index, rule] of rules.entries()) {
      assert.ok(
        ruleFilters(rule).some((f) => f.key === 'prefixMatch'),
        `rule ${index} has no prefixMatch and would match the whole account`,
      );
    }
    const kept = { directory: `${clientContainer}/state/`, blob: `${clientContainer}/latest.json` };
    for (const prefix of prefixes.flat()) {
      assert.ok(prefix.startsWith(`${clientContainer}/runs/`), `${prefix} is outside runs/`);
      // A prefix reaches into state/ when either is a prefix of the other.
      assert.ok(
        !kept.directory.startsWith(prefix) && !prefix.startsWith(kept.directory),
        `${prefix} would delete sync state`,
      );
      assert.ok(!kept.blob.startsWith(prefix), `${prefix} would delete latest.json`);
    }
  });
});

describe("the client's access to its container (infra/main.bicep dataStorage)", () => {
  const data = readObjectValue(
    propertyValue(readModule(mainBicep, 'dataStorage').properties, 'params'),
  );
  const containers = readArrayValue(
    propertyValue(readObjectValue(propertyValue(data, 'blobServices')), 'containers'),
  ).map(readObjectValue);
  const roles = (() => {
    const match = /^var roles = \{/m.exec(mainBicep);
    assert.ok(match, 'no var roles in infra/main.bicep');
    return readObjectLiteral(mainBicep, match.index + match[0].length - 1);
  })();

  it('grants the client Storage Blob Data Contributor on the sync container, which holds its run data and its sync state', () => {
    const container = containers.find((c) => propertyValue(c, 'name') === 'syncContainerName');
    assert.ok(container, 'the data account has no syncContainerName container');
    const assignments = readArrayValue(propertyValue(container, 'roleAssignments')).map(
      readObjectValue,
    );
    assert.deepEqual(
      assignments.map((a) => [
        propertyValue(a, 'principalId'),
        propertyValue(a, 'roleDefinitionIdOrName'),
      ]),
      [['clientIdentity.outputs.principalId', 'roles.storageBlobDataContributor']],
    );
    // Azure's built-in role ID of Storage Blob Data Contributor (read, write, delete blobs).
    assert.equal(
      propertyValue(roles, 'storageBlobDataContributor'),
      "'ba92f5b4-2d11-453d-a403-e96b0029c9fe'",
    );
    // The role is on the account the client talks to, and nowhere wider on it.
    const clientParams = readObjectValue(
      propertyValue(readModule(mainBicep, 'clientSettings').properties, 'params'),
    );
    assert.equal(
      propertyValue(clientParams, 'dataBlobServiceUri'),
      'dataStorage.outputs.primaryBlobEndpoint',
    );
    assert.equal(
      settings.client.properties.find((p) => p.key === `${STORAGE}__blobServiceUri`)?.value,
      'dataBlobServiceUri',
    );
    assert.ok(
      !data.some((p) => p.key === 'roleAssignments'),
      'no account-scope role on the data account',
    );
  });
});
