/** A boolean query parameter; `fallback` when absent (the extension's TryGetBooleanQueryParameterValue). */
export function flag(url: URL, name: string, fallback: boolean): boolean {
  const value = url.searchParams.get(name);
  return value === null ? fallback : value.toLowerCase() === 'true';
}

/** A seconds query parameter (`timeout`, `pollingInterval`) in ms, as TryGetTimeSpanQueryParameterValue. */
export function seconds(url: URL, name: string): number | undefined {
  const value = url.searchParams.get(name);
  if (value === null || value.trim() === '') return undefined;
  const parsed = Number(value);
  return Number.isFinite(parsed) ? parsed * 1000 : undefined;
}
