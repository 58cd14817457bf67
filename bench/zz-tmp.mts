import { DateTime } from 'luxon';
import { displayDate, displayDateByLuxon } from '../src/text/display-date.js';
const cfg = (timeZone: string, language: string) => ({ site: { timeZone, language } }) as any;
const cps = (s: string) => [...s].map((c) => c.charCodeAt(0).toString(16)).join(' ');
const iso = '1847-03-24T13:52:00+14:00';
console.log(cps(displayDate(iso, cfg('UTC', 'ru'))), '|', cps(displayDateByLuxon(iso, cfg('UTC', 'ru'))));
for (const y of ['1847', '1950', '2019']) {
  const i = `${y}-03-24T13:52:00Z`;
  console.log(y, cps(displayDate(i, cfg('UTC', 'ru'))), '|', cps(displayDateByLuxon(i, cfg('UTC', 'ru'))), '|', cps(displayDateByLuxon(i, cfg('Europe/London', 'ru'))), cps(displayDate(i, cfg('Europe/London', 'ru'))));
}
