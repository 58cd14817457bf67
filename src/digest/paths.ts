import type { Config } from '../config/schema.js';
import { siteUrl } from '../feeds/urls.js';

/** Where roundups live in the output folder (forward slashes, folders end in '/'). */

/** The feed key of the roundups' own feeds: out/issues/feed.xml, atom.xml, feed.json. */
export const ISSUES_KEY = 'issues';

/** The archive of every issue. */
export const ISSUES_PATH = 'issues/';

/** An issue's folder: its web version (index.html) and its email files. */
export function issuePath(id: string): string {
  return `${ISSUES_PATH}${id}/`;
}

/** Absolute URL of an issue's web version. */
export function issueUrl(config: Config, id: string): string {
  return siteUrl(config, issuePath(id));
}
