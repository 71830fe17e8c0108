/** Table names for a task hub: letters and digits only, starting with a letter, ≤ 63 chars. */
export function tableNames(hubName: string): { instances: string; history: string } {
  const clean = hubName.replace(/[^A-Za-z0-9]/g, '');
  const base = (/^[A-Za-z]/.test(clean) ? clean : `Hub${clean}`).slice(0, 45);
  return { instances: `${base}Instances`, history: `${base}History` };
}

/** Instance ids may hold characters keys forbid (`/ \ # ?`); percent-encoding removes them. */
export function partitionKey(instanceId: string): string {
  return encodeURIComponent(instanceId);
}
