import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { TraceFlags } from '@opentelemetry/api';

import {
  fromTraceCarrier,
  idsFromGuid,
  toTraceCarrier,
} from '../../../shared/telemetry/traceCarrier.js';

const TRACE = '0af7651916cd43dd8448eb211c80319c';
const SPAN = 'b7ad6b7169203331';

describe('toTraceCarrier', () => {
  it('writes a W3C traceparent with the flags', () => {
    assert.deepEqual(
      toTraceCarrier({ traceId: TRACE, spanId: SPAN, traceFlags: TraceFlags.SAMPLED }),
      {
        traceparent: `00-${TRACE}-${SPAN}-01`,
      },
    );
  });

  it('gives nothing for an invalid span context', () => {
    assert.equal(
      toTraceCarrier({ traceId: '0'.repeat(32), spanId: SPAN, traceFlags: 1 }),
      undefined,
    );
    assert.equal(toTraceCarrier(undefined), undefined);
  });
});

describe('fromTraceCarrier', () => {
  it('reads back what toTraceCarrier wrote, as a remote context', () => {
    assert.deepEqual(fromTraceCarrier({ traceparent: `00-${TRACE}-${SPAN}-01` }), {
      traceId: TRACE,
      spanId: SPAN,
      traceFlags: TraceFlags.SAMPLED,
      isRemote: true,
    });
  });

  it('refuses malformed, all-zero and non-object carriers', () => {
    for (const carrier of [
      undefined,
      'x',
      {},
      { traceparent: 42 },
      { traceparent: `01-${TRACE}-${SPAN}-01` },
      { traceparent: `00-${TRACE.toUpperCase()}-${SPAN}-01` },
      { traceparent: `00-${'0'.repeat(32)}-${SPAN}-01` },
      { traceparent: `00-${TRACE}-${'0'.repeat(16)}-01` },
      { traceparent: `00-${TRACE}-${SPAN}-01-extra` },
    ]) {
      assert.equal(fromTraceCarrier(carrier), undefined, JSON.stringify(carrier));
    }
  });
});

describe('idsFromGuid', () => {
  it('takes the GUID hex as the trace id and its second half as the span id', () => {
    assert.deepEqual(idsFromGuid('0AF76519-16CD-43DD-8448-EB211C80319C'), {
      traceId: TRACE,
      spanId: '8448eb211c80319c',
    });
  });
});
