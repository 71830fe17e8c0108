export { createTestHost, type TestHost, type TestHostOptions } from './createTestHost.js';
export { createDurableClient } from './createDurableClient.js';
export type { Registrations } from './loadTestApp.js';
export { TimeSkippingClock, type TimeSkippingClockOptions } from './TimeSkippingClock.js';
export { useFakeDate, type FakeDate, type TimeSource } from './useFakeDate.js';
