/**
 * What getting a token costs the client: real MSAL against the local identity provider, counting
 * requests that reach its token endpoint per 1,000 getToken calls (50 concurrent cold calls,
 * then sequential ones), and the per-call cost of a cached lease. Targets: 1 acquisition per
 * 1,000 calls; cached call < 5 µs.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

import { readTokenSettings } from '../client-app/settings/readTokenSettings.js';
import { createTokenProvider } from '../client-app/tokens/createTokenProvider.js';
import { startIdentityProvider } from '../local/identity/startIdentityProvider.js';
import { silentLogger } from '../shared/logging/Logger.js';

const CALLS = 1_000;
const CONCURRENT = 50;
const CACHED_CALLS = 200_000;
const CACHED_TARGET_US = 5;

/** Runs the measurement once and prints one table. */
export async function benchTokenProvider(): Promise<void> {
  const certDir = await mkdtemp(path.join(tmpdir(), 'bench-tokens-'));
  const idp = await startIdentityProvider({ certDir });
  try {
    const client = idp.tenant.clients.find((c) => c.secret !== undefined && c.assignedRoles.length);
    if (client?.secret === undefined) throw new Error('tenant.json has no client with a secret');
    const provider = createTokenProvider(
      readTokenSettings({
        AZURE_AUTHORITY_HOST: idp.authorityHost,
        AZURE_TENANT_ID: idp.tenantId,
        AZURE_CLIENT_ID: client.clientId,
        AZURE_CLIENT_SECRET: client.secret,
        ORDERS_API_SCOPE: `${idp.tenant.api.appIdUri}/.default`,
      }),
      { logger: silentLogger, trustedCaPem: await readFile(idp.caCertPath, 'utf8') },
    );

    const coldStarted = performance.now();
    await Promise.all(Array.from({ length: CONCURRENT }, () => provider.getToken()));
    const coldMs = performance.now() - coldStarted;
    for (let i = CONCURRENT; i < CALLS; i++) await provider.getToken();
    const acquisitions = idp.requestCount({ endpoint: 'token', clientId: client.clientId });

    const started = performance.now();
    for (let i = 0; i < CACHED_CALLS; i++) await provider.getToken();
    const cachedUs = ((performance.now() - started) * 1000) / CACHED_CALLS;

    const rows: [string, string][] = [
      ['token requests / 1,000 calls', `${acquisitions} (target 1; ${CONCURRENT} concurrent cold)`],
      ['cold acquisition', `${coldMs.toFixed(1)} ms (discovery + token, local issuer)`],
      ['cached getToken', `${cachedUs.toFixed(2)} µs/call (target < ${CACHED_TARGET_US} µs)`],
    ];
    console.log('Token provider (MSAL client secret, local identity provider)');
    for (const [name, value] of rows) console.log(`  ${name.padEnd(30)} ${value}`);
    if (acquisitions !== 1 || cachedUs > CACHED_TARGET_US) console.log('  MISSED TARGET');
  } finally {
    await idp.stop();
    await rm(certDir, { recursive: true, force: true });
  }
}
