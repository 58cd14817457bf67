import { DateTime } from 'luxon';
import type { Config } from '../config/schema.js';

/** A date as readers of the site read it: in the site's time zone and language, e.g. "31 July 2019". */
export function displayDate(iso: string, config: Config): string {
  const date = DateTime.fromISO(iso, { zone: config.site.timeZone }).setLocale(config.site.language);
  return date.isValid ? date.toLocaleString(DateTime.DATE_FULL) : iso;
}
