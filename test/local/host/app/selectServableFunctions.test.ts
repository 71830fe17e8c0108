import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { selectServableFunctions } from '../../../../local/host/app/selectServableFunctions.js';
import type { BindingMetadata, FunctionMetadata } from '../../../../local/host/contracts.js';

const fn = (name: string, bindings: Record<string, BindingMetadata>): FunctionMetadata => ({
  name,
  bindings,
});
const SETTINGS = {
  AzureWebJobsStorage: 'UseDevelopmentStorage=true',
  Other: 'UseDevelopmentStorage=true',
  AzureWebJobsPrefixed: 'UseDevelopmentStorage=true',
};

describe('selectServableFunctions', () => {
  it('serves HTTP, timer, durable and storage bindings whose connection is set', () => {
    const functions = [
      fn('api', {
        t: { type: 'httpTrigger', direction: 'in' },
        blob: { type: 'blob', direction: 'out', path: 'out/{name}' },
        $return: { type: 'http', direction: 'out' },
      }),
      fn('onQueue', {
        t: { type: 'queueTrigger', direction: 'in', queueName: 'q', connection: 'Other' },
        row: { type: 'table', direction: 'out', tableName: 't' },
      }),
      fn('onBlob', { t: { type: 'blobTrigger', direction: 'in', path: 'in/{name}' } }),
      fn('copy', {
        t: { type: 'activityTrigger', direction: 'in' },
        q: { type: 'queue', direction: 'out', queueName: 'x', connection: 'Prefixed' },
      }),
    ];
    assert.deepEqual(selectServableFunctions(functions, SETTINGS), {
      enabled: functions,
      disabled: [],
    });
  });

  it('disables each function with a binding the host cannot serve, with one line each', () => {
    const { enabled, disabled } = selectServableFunctions(
      [
        fn('fine', { t: { type: 'timerTrigger', direction: 'in' } }),
        fn('bus', { t: { type: 'serviceBusTrigger', direction: 'in' } }),
        fn('wrongWay', {
          t: { type: 'timerTrigger', direction: 'in' },
          q: { type: 'queue', direction: 'in', queueName: 'q' },
        }),
        fn('grid', {
          t: { type: 'blobTrigger', direction: 'in', path: 'a/{n}', source: 'EventGrid' },
        }),
        fn('noPath', { t: { type: 'blobTrigger', direction: 'in' } }),
        fn('noSetting', {
          t: { type: 'queueTrigger', direction: 'in', queueName: 'q', connection: 'Nope' },
        }),
        fn('unsetName', {
          t: { type: 'queueTrigger', direction: 'in', queueName: '%JOBS_QUEUE%' },
        }),
        fn('identity', {
          t: { type: 'queueTrigger', direction: 'in', queueName: 'q', connection: 'Mi' },
        }),
      ],
      { ...SETTINGS, Mi__queueServiceUri: 'https://acct.queue.core.windows.net' },
    );
    assert.deepEqual(
      enabled.map((f) => f.name),
      ['fine'],
    );
    const served =
      'httpTrigger, http, timerTrigger, orchestrationTrigger, activityTrigger, durableClient, blob, blobTrigger, queue, queueTrigger, table';
    assert.deepEqual(disabled, [
      {
        name: 'bus',
        message: `The 'bus' function is in error: The binding type(s) 'serviceBusTrigger' are not supported by the local host (it serves ${served}). The function is disabled; the app's other functions run.`,
      },
      {
        name: 'wrongWay',
        message: `The 'wrongWay' function is in error: The binding type(s) 'queue' (direction in) are not supported by the local host (it serves ${served}). The function is disabled; the app's other functions run.`,
      },
      {
        name: 'grid',
        message:
          "The 'grid' function is in error: The local host runs blob triggers by polling (source LogsAndContainerScan); source EventGrid is not supported.",
      },
      {
        name: 'noPath',
        message: `The 'noPath' function is in error: The blobTrigger binding needs "path".`,
      },
      {
        name: 'noSetting',
        message:
          "The 'noSetting' function is in error: The queueTrigger binding: Storage account connection string 'Nope' does not exist. Make sure that it is a defined App Setting.",
      },
      {
        name: 'unsetName',
        message:
          'The \'unsetName\' function is in error: The queueTrigger binding: The app setting "JOBS_QUEUE" (in "%JOBS_QUEUE%") is not set.',
      },
      {
        name: 'identity',
        message:
          'The \'identity\' function is in error: The queueTrigger binding: Storage connection "Mi" is identity-based (Mi__…); the local host needs a connection string in the setting "Mi" (e.g. UseDevelopmentStorage=true for Azurite).',
      },
    ]);
  });

  it('still refuses durable entities for the whole app', () => {
    assert.throws(
      () =>
        selectServableFunctions(
          [fn('counter', { t: { type: 'entityTrigger', direction: 'in' } })],
          {},
        ),
      { code: 'ERR_HOST_ENTITIES_UNSUPPORTED' },
    );
  });
});
