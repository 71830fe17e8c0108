/**
 * Storage names for a task hub: tables of letters and digits starting with a letter, and a
 * lowercase blob container for large messages, all within the 63-character limits.
 */
export function tableNames(hubName: string): {
  instances: string;
  history: string;
  largeMessages: string;
} {
  const clean = hubName.replace(/[^A-Za-z0-9]/g, '');
  const base = (/^[A-Za-z]/.test(clean) ? clean : `Hub${clean}`).slice(0, 45);
  return {
    instances: `${base}Instances`,
    history: `${base}History`,
    largeMessages: `${base.toLowerCase()}-largemessages`,
  };
}

/** Instance ids may hold characters keys forbid (`/ \ # ?`); percent-encoding removes them. */
export function partitionKey(instanceId: string): string {
  return encodeURIComponent(instanceId);
}
