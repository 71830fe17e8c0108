import { randomUUID } from 'node:crypto';

/** A new instance or execution id in the extension's format (a GUID without dashes). */
export const newId = (): string => randomUUID().replaceAll('-', '');
