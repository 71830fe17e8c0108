import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { parseRouteTemplate } from '../../../../local/host/http/parseRouteTemplate.js';

describe('parseRouteTemplate', () => {
  it('parses literals, constraints with arguments, optional, default and catch-all parameters', () => {
    assert.deepEqual(parseRouteTemplate('/a/{id:int:range(1,9)}/{x?}'), {
      ok: true,
      segments: [
        [{ literal: 'a' }],
        [
          {
            parameter: {
              name: 'id',
              constraints: [
                { name: 'int', args: [] },
                { name: 'range', args: ['1', '9'] },
              ],
              optional: false,
              defaultValue: undefined,
              catchAll: false,
            },
          },
        ],
        [
          {
            parameter: {
              name: 'x',
              constraints: [],
              optional: true,
              defaultValue: undefined,
              catchAll: false,
            },
          },
        ],
      ],
    });
    const regex = parseRouteTemplate('{code:regex(^\\d{{3}}$)=100}');
    assert.deepEqual(regex.ok && regex.segments[0], [
      {
        parameter: {
          name: 'code',
          constraints: [{ name: 'regex', args: ['^\\d{3}$'] }],
          optional: true,
          defaultValue: '100',
          catchAll: false,
        },
      },
    ]);
  });

  it('reports malformed templates', () => {
    const problems = ['a//b', 'a/{id', 'a/{id}{x}', 'a/{id}/{ID}', 'a/{1x}', 'a/{x:min(a)}'].map(
      (t) => {
        const parsed = parseRouteTemplate(t);
        return parsed.ok ? 'ok' : parsed.problem;
      },
    );
    assert.deepEqual(problems, [
      'empty segment ("//")',
      'unclosed "{" in "{id"',
      'parameters "id" and "x" need literal text between them',
      'parameter "ID" appears twice',
      'invalid parameter name "1x" in "{1x}"',
      'route constraint "min" needs integer arguments',
    ]);
  });
});
