import { app } from '@azure/functions';

/**
 * Runs `check` when the app starts, without holding startup up: the hook returns at once (hosts
 * await appStart hooks before serving), and the check bounds and reports itself.
 */
export function registerIssuerStartupCheck(check: () => Promise<void>): void {
  app.hook.appStart(() => {
    void check();
  });
}
