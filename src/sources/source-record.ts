/** What one source call yields for one subject: the mapped item values, or nothing found. */
export interface SourceRecord {
  found: boolean;
  /** Item code → value, for the item codes asked for (absent values are null). */
  values: Record<string, unknown>;
  /** When the source says the data was current (its `asOf`/`updatedAt`), else the fetch time. */
  asOf: string;
}

export function recordFrom(raw: unknown, pick: (record: unknown) => Record<string, unknown>): SourceRecord {
  if (raw === null || raw === undefined) return { found: false, values: {}, asOf: new Date().toISOString() };
  const stamp = (raw as { asOf?: unknown; updatedAt?: unknown }).asOf ?? (raw as { updatedAt?: unknown }).updatedAt;
  const asOf = typeof stamp === 'string' && !Number.isNaN(Date.parse(stamp)) ? new Date(stamp).toISOString() : new Date().toISOString();
  return { found: true, values: pick(raw), asOf };
}
