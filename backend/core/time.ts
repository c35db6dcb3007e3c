/** Times cross the wire as ISO-8601 with the China offset: 2026-12-05T18:00:00+08:00. */
export function toIso(value: unknown): string {
  const d = value instanceof Date ? value : new Date(String(value));
  const shifted = new Date(d.getTime() + 8 * 3600_000);
  return shifted.toISOString().replace(/\.\d{3}Z$/, '+08:00');
}
