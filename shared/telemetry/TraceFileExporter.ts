import { appendFile, mkdir } from 'node:fs/promises';
import path from 'node:path';

import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';

import { toSpanRecord } from './SpanRecord.js';

/**
 * Appends finished spans to `<dir>/<service>.ndjson`, one {@link SpanRecord} a line: what the
 * local stack records beside any OTLP endpoint, for `npm run trace`. Each app writes its own
 * file, so two processes never interleave a line.
 */
export class TraceFileExporter implements SpanExporter {
  readonly #file: string;
  readonly #service: string;
  #pending: Promise<void> = Promise.resolve();
  #ready: Promise<void> | undefined;

  constructor(dir: string, service: string) {
    this.#file = path.join(dir, `${service.replace(/[^\w.-]/g, '_')}.ndjson`);
    this.#service = service;
  }

  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    const text = spans
      .map((span) => `${JSON.stringify(toSpanRecord(span, this.#service))}\n`)
      .join('');
    this.#ready ??= mkdir(path.dirname(this.#file), { recursive: true }).then(() => undefined);
    this.#pending = this.#pending
      .then(() => this.#ready)
      .then(() => appendFile(this.#file, text))
      .then(
        () => resultCallback({ code: ExportResultCode.SUCCESS }),
        (error: unknown) =>
          resultCallback({
            code: ExportResultCode.FAILED,
            error: error instanceof Error ? error : new Error(String(error)),
          }),
      );
  }

  forceFlush(): Promise<void> {
    return this.#pending;
  }

  shutdown(): Promise<void> {
    return this.#pending;
  }
}
