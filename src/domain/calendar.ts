/** Calendar dates (`YYYY-MM-DD`), in UTC. */

/** `date` plus `days` days. */
export function addDays(date: string, days: number): string {
  const time = Date.parse(`${date}T00:00:00Z`) + days * 86_400_000;
  return new Date(time).toISOString().slice(0, 10);
}
