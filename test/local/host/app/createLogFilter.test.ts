import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { createLogFilter } from '../../../../local/host/app/createLogFilter.js';

describe('createLogFilter', () => {
  it('shows Information and above when nothing is configured', () => {
    const show = createLogFilter({});
    assert.equal(show('Function.sync', 'Information'), true);
    assert.equal(show('Function.sync', 'Debug'), false);
  });

  it('applies the most specific category, then default', () => {
    const show = createLogFilter({
      default: 'Warning',
      Function: 'Error',
      'Function.sync': 'Information',
    });
    assert.equal(show('Host.Results', 'Information'), false);
    assert.equal(show('Host.Results', 'Warning'), true);
    assert.equal(show('Function.other', 'Warning'), false);
    assert.equal(show('Function.other.User', 'Error'), true);
    assert.equal(show('Function.sync', 'Information'), true);
    assert.equal(show('Function.sync.User', 'Information'), true);
    // A dotted prefix only: "Function" does not cover "Functions".
    assert.equal(show('Functions', 'Information'), false);
  });

  it('matches levels and categories in any case', () => {
    const show = createLogFilter({ Function: 'warning' });
    assert.equal(show('Function.sync', 'Information'), false);
    assert.equal(show('function.sync', 'Warning'), true);
  });

  it('hides everything of a category set to None', () => {
    const show = createLogFilter({ Function: 'None' });
    assert.equal(show('Function.sync', 'Critical'), false);
  });

  it('names a level that is not one of the host levels', () => {
    assert.throws(() => createLogFilter({ Function: 'Verbose' }), {
      code: 'ERR_HOST_APP_LOAD',
      message:
        'host.json logging.logLevel.Function (or its AzureFunctionsJobHost__logging__logLevel__Function setting): "Verbose" is not a log level (Trace, Debug, Information, Warning, Error, Critical, None).',
    });
  });
});
