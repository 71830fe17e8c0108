/**
 * The durable backend is one parameter (infra/main.bicep `durableBackend`, azd
 * ORDERS_DURABLE_BACKEND) that decides the scheduler and task hub, their role assignments, the
 * host account's durable roles and the client's settings. No Bicep compiler runs here, so this
 * reads the files as text and fails when they drift apart, from host.json, or from
 * infra/README.md. Each backend's client settings are applied to the repository's host.json by the
 * local host's own reader (`AzureFunctionsJobHost__*` overrides, as the Functions host applies
 * them), and the result must name that backend.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';

import { readHostJson } from '../../local/host/app/readHostJson.js';
import { readDurableTaskConfig } from '../../local/host/durable/readDurableTaskConfig.js';
import { unsupportedProviderNotice } from '../../local/host/durable/unsupportedProviderNotice.js';
import { REPO_ROOT } from '../support/repoRoot.js';
import {
  interpolate,
  listResources,
  propertyValue,
  readArrayValue,
  readDeclarationValue,
  readExportedStrings,
  readImports,
  readModule,
  readObjectOutput,
  readObjectValue,
  readParam,
  readResource,
  stringLiteral,
  type BicepProperty,
} from './support/bicepText.js';

const read = (file: string) => readFileSync(path.join(REPO_ROOT, file), 'utf8');

const mainBicep = read('infra/main.bicep');
const clientBicep = read('infra/app/client.appsettings.bicep');
const schedulerBicep = read('infra/durable/durableTaskScheduler.bicep');
const names = readExportedStrings(read('infra/names.bicep'));
const readme = read('infra/README.md');

const BACKENDS = ['AzureStorage', 'DurableTaskScheduler'] as const;
type Backend = (typeof BACKENDS)[number];
const SKUS = ['Consumption', 'Dedicated'];
/** Built-in role "Durable Task Data Contributor" (all data operations on a scheduler or hub). */
const DURABLE_TASK_DATA_CONTRIBUTOR = '0ad04412-c4d5-4796-b79c-f76d14c8d402';
/** Where the durable extension takes host.json overrides for its section from. */
const DURABLE_OVERRIDE_PREFIX = 'AzureFunctionsJobHost__extensions__durableTask__';

/** The values of an `@allowed` list of string literals. */
function allowedStrings(text: string, param: string): string[] | undefined {
  return readParam(text, param).allowed?.map((value) => stringLiteral(value) ?? value);
}

/** The azd variable and default a main.parameters.json entry maps to a parameter. */
function azdParameter(name: string) {
  const parameters = JSON.parse(read('infra/main.parameters.json')) as {
    parameters: Record<string, { value: string } | undefined>;
  };
  const match = /^\$\{(\w+)(?:=(.*))?\}$/.exec(parameters.parameters[name]?.value ?? '');
  assert.ok(match, `infra/main.parameters.json maps no azd variable to ${name}`);
  return { variable: match[1] as string, defaultValue: match[2] };
}

const moduleParams = (symbol: string) =>
  readObjectValue(propertyValue(readModule(mainBicep, symbol).properties, 'params'));

describe('the durableBackend parameter', () => {
  it('is AzureStorage by default, DurableTaskScheduler by choice, in main.bicep, azd and the client settings', () => {
    for (const text of [mainBicep, clientBicep]) {
      assert.deepEqual(allowedStrings(text, 'durableBackend'), [...BACKENDS]);
      assert.equal(readParam(text, 'durableBackend').defaultValue, "'AzureStorage'");
    }
    assert.deepEqual(azdParameter('durableBackend'), {
      variable: 'ORDERS_DURABLE_BACKEND',
      defaultValue: 'AzureStorage',
    });
    assert.equal(propertyValue(moduleParams('clientSettings'), 'durableBackend'), 'durableBackend');
    assert.equal(
      readDeclarationValue(mainBicep, 'var', 'useDurableTaskScheduler'),
      "durableBackend == 'DurableTaskScheduler'",
    );
  });

  it('takes the scheduler SKU and the dashboard principal from azd as well', () => {
    for (const [text, param] of [
      [mainBicep, 'durableTaskSchedulerSku'],
      [schedulerBicep, 'skuName'],
    ] as const) {
      assert.deepEqual(allowedStrings(text, param), SKUS);
    }
    assert.equal(readParam(mainBicep, 'durableTaskSchedulerSku').defaultValue, "'Consumption'");
    assert.equal(readParam(schedulerBicep, 'skuName').defaultValue, "'Consumption'");
    assert.deepEqual(azdParameter('durableTaskSchedulerSku'), {
      variable: 'ORDERS_DURABLE_TASK_SCHEDULER_SKU',
      defaultValue: 'Consumption',
    });
    // azd sets AZURE_PRINCIPAL_ID to whoever provisions; without azd, deployer() is the same one.
    assert.deepEqual(azdParameter('durableDashboardPrincipalId'), {
      variable: 'AZURE_PRINCIPAL_ID',
      defaultValue: undefined,
    });
    assert.equal(
      readParam(mainBicep, 'durableDashboardPrincipalId').defaultValue,
      'deployer().objectId',
    );
  });
});

describe('the Durable Task Scheduler (infra/durable/durableTaskScheduler.bicep)', () => {
  const params = moduleParams('durableTaskScheduler');
  const roleAssignments = listResources(schedulerBicep)
    .filter((r) => r.type.startsWith('Microsoft.Authorization/roleAssignments@'))
    .map((r) => ({ symbol: r.symbol, ...readResource(schedulerBicep, r.symbol) }));

  it('is deployed only for the DurableTaskScheduler backend, with one task hub', () => {
    assert.match(
      mainBicep,
      /^module durableTaskScheduler 'durable\/durableTaskScheduler\.bicep' = if \(useDurableTaskScheduler\) \{/m,
    );
    assert.deepEqual(
      listResources(schedulerBicep).map((r) => r.type),
      [
        'Microsoft.DurableTask/schedulers@2026-02-01',
        'Microsoft.DurableTask/schedulers/taskHubs@2026-02-01',
        'Microsoft.Authorization/roleAssignments@2022-04-01',
        'Microsoft.Authorization/roleAssignments@2022-04-01',
      ],
    );
    const properties = readObjectValue(
      propertyValue(readResource(schedulerBicep, 'scheduler').properties, 'properties'),
    );
    // An empty allow list refuses every caller, a valid token included.
    assert.ok(readArrayValue(propertyValue(properties, 'ipAllowlist')).length > 0);
    assert.match(propertyValue(properties, 'sku'), /\{ name: skuName[ ,}]/);
    assert.equal(propertyValue(params, 'skuName'), 'durableTaskSchedulerSku');
  });

  it("names its task hub as host.json names the client's hub", () => {
    const hostJson = JSON.parse(read('host.json')) as {
      extensions: { durableTask: { hubName: string } };
    };
    assert.equal(names.get('durableTaskHubName'), hostJson.extensions.durableTask.hubName);
    assert.ok(readImports(mainBicep, 'names.bicep').includes('durableTaskHubName'));
    assert.equal(propertyValue(params, 'taskHubName'), 'durableTaskHubName');
    const taskHub = readResource(schedulerBicep, 'taskHub').properties;
    assert.equal(propertyValue(taskHub, 'parent'), 'scheduler');
    assert.equal(propertyValue(taskHub, 'name'), 'taskHubName');
  });

  it("gives the client's identity and the dashboard principal Durable Task Data Contributor on the task hub, and nobody else anything", () => {
    assert.equal(
      readDeclarationValue(schedulerBicep, 'var', 'durableTaskDataContributor'),
      `'${DURABLE_TASK_DATA_CONTRIBUTOR}'`,
    );
    const granted = roleAssignments.map(({ properties }) => {
      const inner = readObjectValue(propertyValue(properties, 'properties'));
      const principal = propertyValue(inner, 'principalId');
      assert.equal(propertyValue(properties, 'scope'), 'taskHub');
      assert.equal(
        propertyValue(properties, 'name'),
        `guid(taskHub.id, ${principal}, durableTaskDataContributor)`,
      );
      assert.equal(
        propertyValue(inner, 'roleDefinitionId'),
        "subscriptionResourceId('Microsoft.Authorization/roleDefinitions', durableTaskDataContributor)",
      );
      return [principal, inner.find((p) => p.key === 'principalType')?.value];
    });
    assert.deepEqual(granted, [
      ['workerPrincipalId', "'ServicePrincipal'"],
      // A user or a CI service principal: ARM looks an existing principal up itself.
      ['dashboardPrincipalId', undefined],
    ]);
    assert.match(
      schedulerBicep,
      /^resource dashboardRole '[^']+' = if \(!empty\(dashboardPrincipalId\)\) \{/m,
    );
    assert.equal(propertyValue(params, 'workerPrincipalId'), 'clientIdentity.outputs.principalId');
    assert.equal(propertyValue(params, 'dashboardPrincipalId'), 'durableDashboardPrincipalId');
    assert.ok(!params.some((p) => p.value.includes('serverIdentity')), 'the server has no role');
  });

  it('hands its endpoint and task hub to the client settings', () => {
    const outputs = (name: string) => readDeclarationValue(schedulerBicep, 'output', name);
    assert.equal(outputs('endpoint'), 'scheduler.properties.endpoint');
    assert.equal(outputs('taskHubName'), 'taskHub.name');
    const client = moduleParams('clientSettings');
    assert.equal(
      propertyValue(client, 'durableTaskSchedulerEndpoint'),
      "useDurableTaskScheduler ? durableTaskScheduler!.outputs.endpoint : ''",
    );
    assert.equal(
      propertyValue(client, 'durableTaskHubName'),
      "useDurableTaskScheduler ? durableTaskScheduler!.outputs.taskHubName : ''",
    );
    assert.equal(
      readDeclarationValue(mainBicep, 'output', 'DURABLE_TASK_SCHEDULER_ENDPOINT'),
      "useDurableTaskScheduler ? durableTaskScheduler!.outputs.endpoint : ''",
    );
  });
});

/** Stand-ins for the client module's parameters, the values main.bicep passes at deploy time. */
const STAND_INS: Readonly<Record<string, string>> = {
  identityClientId: '11111111-2222-4333-8444-555555555555',
  durableTaskSchedulerEndpoint: 'https://dts-test.swedencentral.durabletask.io',
  // What main.bicep passes: the task hub's name, which is names.bicep's durableTaskHubName.
  durableTaskHubName: names.get('durableTaskHubName') ?? '',
};

/** A setting's value: a literal, a names.bicep constant, a parameter or an interpolation of them. */
function evaluate(value: string): string {
  const resolve = (name: string) =>
    STAND_INS[name] ??
    (readImports(clientBicep, '../names.bicep').includes(name) ? names.get(name) : undefined) ??
    (new RegExp(`^param\\s+${name}\\s`, 'm').test(clientBicep) ? `<${name}>` : undefined);
  if (value.startsWith("'")) return interpolate(value, resolve);
  const resolved = resolve(value);
  assert.ok(resolved !== undefined, `cannot evaluate ${value}`);
  return resolved;
}

function readSettings(variable: string): BicepProperty[] {
  return readObjectValue(readDeclarationValue(clientBicep, 'var', variable));
}

/** The client's app settings for a backend, as the `appSettings` output computes them. */
function clientSettings(backend: Backend): Record<string, string> {
  assert.equal(
    readDeclarationValue(clientBicep, 'output', 'appSettings'),
    "durableBackend == 'DurableTaskScheduler' ? union(commonSettings, durableTaskSchedulerSettings) : commonSettings",
  );
  const variables =
    backend === 'DurableTaskScheduler'
      ? ['commonSettings', 'durableTaskSchedulerSettings']
      : ['commonSettings'];
  return Object.fromEntries(
    variables.flatMap(readSettings).map(({ key, value }) => [key, evaluate(value)]),
  );
}

/** The durable configuration the host runs with: host.json with the settings' overrides. */
async function effectiveDurableConfig(settings: Record<string, string>) {
  const hostJson = await readHostJson(REPO_ROOT, settings);
  return readDurableTaskConfig(hostJson.durableTask, settings);
}

describe("the client's settings for each backend", () => {
  it('leave host.json as it is for AzureStorage: its hub in the host account', async () => {
    const settings = clientSettings('AzureStorage');
    assert.deepEqual(
      Object.keys(settings).filter(
        (key) => key.startsWith(DURABLE_OVERRIDE_PREFIX) || key.startsWith('DURABLE_TASK'),
      ),
      [],
    );
    const config = await effectiveDurableConfig(settings);
    assert.deepEqual(config.storageProvider, {
      type: 'AzureStorage',
      connectionName: 'AzureWebJobsStorage',
    });
    assert.equal(config.hubName, names.get('durableTaskHubName'));
    assert.equal(settings['AzureWebJobsStorage__clientId'], STAND_INS['identityClientId']);
  });

  it("switch host.json to azureManaged for DurableTaskScheduler, on the scheduler's task hub, as the app's identity", async () => {
    const common = readSettings('commonSettings').map((p) => p.key);
    const added = readSettings('durableTaskSchedulerSettings').map((p) => p.key);
    assert.deepEqual(
      added.filter((key) => common.includes(key)),
      [],
      'union() would silently replace a common setting',
    );
    const settings = clientSettings('DurableTaskScheduler');
    const config = await effectiveDurableConfig(settings);
    assert.equal(config.storageProvider.type, 'azureManaged');
    assert.equal(config.hubName, names.get('durableTaskHubName'));
    const connectionName = config.storageProvider.connectionName ?? '';
    const connection = Object.fromEntries(
      (settings[connectionName] ?? '').split(';').map((part): [string, string] => {
        const at = part.indexOf('=');
        return [part.slice(0, at), part.slice(at + 1)];
      }),
    );
    assert.deepEqual(connection, {
      Endpoint: STAND_INS['durableTaskSchedulerEndpoint'],
      Authentication: 'ManagedIdentity',
      ClientID: STAND_INS['identityClientId'],
    });
    // Nothing but the connection and host.json overrides of the durable section.
    assert.deepEqual(
      added.filter((key) => key !== connectionName && !key.startsWith(DURABLE_OVERRIDE_PREFIX)),
      [],
    );
    // The local host, given these settings, runs the hub on its own engine and says so once.
    const notice = unsupportedProviderNotice(
      config.storageProvider,
      { kind: 'memory' },
      config.hubName,
    );
    assert.match(notice ?? '', /"azureManaged" \(the Durable Task Scheduler\)/);
  });

  it('give the server app no durable setting: it has no orchestrations', () => {
    const server = readObjectOutput(read('infra/app/server.appsettings.bicep'), 'appSettings');
    assert.deepEqual(
      server
        .map((p) => p.key)
        .filter((key) => key.startsWith(DURABLE_OVERRIDE_PREFIX) || key.startsWith('DURABLE_')),
      [],
    );
    assert.ok(!moduleParams('serverSettings').some((p) => /durable/i.test(p.key + p.value)));
  });
});

describe("the host account's durable roles", () => {
  const hostParams = moduleParams('hostStorage');
  const assignments = (variable: string) =>
    readArrayValue(readDeclarationValue(mainBicep, 'var', variable))
      .map(readObjectValue)
      .map((a) => [propertyValue(a, 'principalId'), propertyValue(a, 'roleDefinitionIdOrName')]);

  it('give the client queue and table rights for the AzureStorage backend only', () => {
    assert.equal(propertyValue(hostParams, 'roleAssignments'), 'hostStorageRoleAssignments');
    assert.equal(
      readDeclarationValue(mainBicep, 'var', 'hostStorageRoleAssignments'),
      'useDurableTaskScheduler ? hostRuntimeRoleAssignments : concat(hostRuntimeRoleAssignments, azureStorageBackendRoleAssignments)',
    );
    assert.deepEqual(assignments('hostRuntimeRoleAssignments'), [
      ['serverIdentity.outputs.principalId', 'roles.storageBlobDataOwner'],
      ['clientIdentity.outputs.principalId', 'roles.storageBlobDataOwner'],
    ]);
    assert.deepEqual(assignments('azureStorageBackendRoleAssignments'), [
      ['clientIdentity.outputs.principalId', 'roles.storageQueueDataContributor'],
      ['clientIdentity.outputs.principalId', 'roles.storageTableDataContributor'],
    ]);
  });
});

describe('infra/README.md on the durable backend', () => {
  const durableSection = () => {
    const start = readme.indexOf('\n## Durable backend\n');
    assert.ok(start >= 0, 'infra/README.md has no "## Durable backend" section');
    const end = readme.indexOf('\n## ', start + 1);
    return readme.slice(start, end < 0 ? undefined : end);
  };

  it('says how to choose each backend and SKU, with the azd variables infra reads', () => {
    const section = durableSection();
    const backend = azdParameter('durableBackend');
    const sku = azdParameter('durableTaskSchedulerSku');
    for (const value of [...BACKENDS, ...SKUS]) assert.ok(section.includes(value), value);
    for (const text of [
      `azd env set ${backend.variable} DurableTaskScheduler`,
      `azd env set ${sku.variable} Dedicated`,
      'Durable Task Data Contributor',
      'dashboard',
    ]) {
      assert.ok(section.includes(text), `the section does not mention ${text}`);
    }
  });

  it('lists the settings and outputs the backend adds, and the optional azd settings', () => {
    const section = durableSection();
    const added = readSettings('durableTaskSchedulerSettings').map((p) => p.key);
    for (const key of added) assert.ok(section.includes(`\`${key}\``), key);
    assert.ok(readme.includes('`DURABLE_TASK_SCHEDULER_ENDPOINT`'));
    for (const name of ['durableBackend', 'durableTaskSchedulerSku'] as const) {
      const { variable, defaultValue } = azdParameter(name);
      assert.match(
        readme,
        new RegExp(`^\\| \`${variable} [^\`]+\` +\\| \`${defaultValue ?? ''}\` +\\|`, 'm'),
        `the optional settings table has no ${variable} row with its default`,
      );
    }
  });
});
