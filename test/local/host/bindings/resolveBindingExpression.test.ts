import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import {
  resolveAppSettings,
  resolveBindingExpression,
  type ExpressionContext,
} from '../../../../local/host/bindings/resolveBindingExpression.js';

const context = (data: Record<string, unknown>): ExpressionContext => ({
  data,
  settings: { CONTAINER: 'backups' },
  now: new Date('2026-12-02T10:00:00.000Z'),
  newGuid: () => '00000000-0000-4000-8000-000000000001',
});

describe('resolveBindingExpression', () => {
  it("fills {name} from an activity's input, as backups/{backupPath}", () => {
    assert.deepEqual(
      resolveBindingExpression('backups/{backupPath}', context({ backupPath: 'css/site.css' })),
      { ok: true, value: 'backups/css/site.css' },
    );
  });

  it('matches names case-insensitively and follows dotted paths', () => {
    assert.deepEqual(
      resolveBindingExpression(
        '{Order.ID}-{query.page}',
        context({ order: { id: 7 }, query: { page: '2' } }),
      ),
      { ok: true, value: '7-2' },
    );
  });

  it('fills %Setting% and the system expressions', () => {
    assert.deepEqual(
      resolveBindingExpression('%CONTAINER%/{DateTime}/{rand-guid}/{sys.randguid}', context({})),
      {
        ok: true,
        value:
          'backups/2026-12-02T10:00:00.000Z/00000000-0000-4000-8000-000000000001/00000000-0000-4000-8000-000000000001',
      },
    );
  });

  it("names a parameter the trigger data lacks, in the host's words", () => {
    assert.deepEqual(resolveBindingExpression('backups/{backupPath}', context({ other: 1 })), {
      ok: false,
      message: "No value for named parameter 'backupPath'.",
    });
  });

  it('names a setting that is not set', () => {
    assert.deepEqual(resolveBindingExpression('%MISSING%/x', context({})), {
      ok: false,
      message: 'The app setting "MISSING" (in "%MISSING%/x") is not set.',
    });
  });
});

describe('resolveAppSettings', () => {
  it('fills only %Setting%, leaving {patterns} as they are', () => {
    assert.deepEqual(resolveAppSettings('%C%/{name}.txt', { C: 'uploads' }), {
      ok: true,
      value: 'uploads/{name}.txt',
    });
  });
});
