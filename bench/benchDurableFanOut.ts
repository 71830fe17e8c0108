/**
 * What a fan-out of 1,000 no-op activities costs the local durable engine: wall time, episodes
 * replayed and history events the SDK processed. Completions that are ready together are batched
 * into one episode, so episodes stay ≪ N and replay stays far from O(N²). Target: wall < 10 s.
 */
import { performance } from 'node:perf_hooks';

import df, { type OrchestrationContext } from 'durable-functions';

import { VirtualClock } from '../local/host/clock/VirtualClock.js';
import { createDurableEngine } from '../local/host/durable/createDurableEngine.js';
import { directInvoke, registerApp } from '../test/local/host/durable/support/durableHarness.js';

const ACTIVITIES = 1000;
const WALL_TARGET_MS = 10_000;

/** Runs the fan-out once on the in-memory store and prints one table. */
export async function benchDurableFanOut(): Promise<void> {
  const registry = registerApp(() => {
    df.app.activity('benchNoop', { handler: () => null });
    df.app.orchestration('benchFanOut', function* (context: OrchestrationContext) {
      const count = context.df.getInput<number>();
      const tasks = Array.from({ length: count }, (_, i) =>
        context.df.callActivity('benchNoop', i),
      );
      const results = (yield context.df.Task.all(tasks)) as unknown[];
      return results.length;
    });
  });
  const engine = createDurableEngine({
    functions: registry.functions,
    invoke: directInvoke(registry),
    durableTaskConfig: {},
    storage: { kind: 'memory' },
    clock: new VirtualClock(),
    log: () => {},
  });
  await engine.start();
  try {
    const started = performance.now();
    const response = await engine.handleHttp(
      new Request('http://127.0.0.1/runtime/webhooks/durabletask/orchestrators/benchFanOut', {
        method: 'POST',
        body: String(ACTIVITIES),
      }),
    );
    const { id } = (await response.json()) as { id: string };
    const final = await engine.waitForCompletion(id);
    const wallMs = performance.now() - started;
    const { episodes, historyEventsReplayed, activitiesExecuted } = engine.stats;
    const rows: [string, string][] = [
      ['activities', `${activitiesExecuted} (output ${final.output ?? 'none'})`],
      ['wall time', `${wallMs.toFixed(0)} ms (target < ${WALL_TARGET_MS} ms)`],
      ['episodes replayed', `${episodes} (N = ${ACTIVITIES})`],
      ['history events processed', String(historyEventsReplayed)],
    ];
    console.log(`Durable fan-out of ${ACTIVITIES} no-op activities`);
    for (const [name, value] of rows) console.log(`  ${name.padEnd(26)} ${value}`);
    if (
      final.runtimeStatus !== 'Completed' ||
      wallMs > WALL_TARGET_MS ||
      episodes * 10 > ACTIVITIES
    ) {
      console.log('  MISSED TARGET');
    }
  } finally {
    await engine.stop();
  }
}
