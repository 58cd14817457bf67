/**
 * Instants to hold a date shortcut against luxon with: zones with DST at
 * 01:00, at midnight (Santiago, Havana, Beirut, São Paulo in 2018), a
 * skipped day (Apia, 2011), half-hour DST (Lord Howe), odd offsets
 * (Kathmandu, St John's), negative DST (Dublin), and ISO week 53.
 */
export const ZONES = [
  'Europe/London',
  'Pacific/Auckland',
  'America/Santiago',
  'America/Havana',
  'Asia/Beirut',
  'America/Sao_Paulo',
  'Pacific/Apia',
  'Australia/Lord_Howe',
  'Asia/Kathmandu',
  'America/St_Johns',
  'Europe/Dublin',
  'UTC',
];
const HOUR = 3_600_000;

/** Every 16 days 7 h 13 min from 2010 to 2027 (each hour of the day in turn), and every 3 hours in the day around each offset change in that span. */
export function instants(zone: string): number[] {
  const at = new Set<number>();
  const from = Date.UTC(2010, 0, 1);
  const to = Date.UTC(2027, 0, 10);
  for (let t = from; t < to; t += (16 * 24 + 7) * HOUR + 13 * 60_000) at.add(t);
  const format = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' });
  const offset = (ms: number): string => format.formatToParts(ms).find((part) => part.type === 'timeZoneName')?.value ?? '';
  let before = offset(from);
  for (let t = from; t < to; t += 6 * HOUR) {
    const now = offset(t);
    if (now !== before) for (let d = -24 * HOUR; d <= 24 * HOUR; d += 3 * HOUR) at.add(t + d);
    before = now;
  }
  return [...at];
}
