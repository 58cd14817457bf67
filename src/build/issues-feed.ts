import type { Config } from '../config/schema.js';
import type { FeedChannel } from '../feeds/channels.js';
import { instantMs, toRfc3339 } from '../feeds/dates.js';
import { entryId } from '../feeds/ids.js';
import type { FeedEntry } from '../feeds/model.js';
import { siteUrl } from '../feeds/urls.js';
import { cleanText } from '../feeds/xml-text.js';
import { renderIssueSections } from '../pages/issue-body.js';
import type { Issue } from '../digest/model.js';
import { ISSUES_KEY, ISSUES_PATH, issueUrl } from '../digest/paths.js';

/**
 * The roundups as a feed of their own (out/issues/feed.xml, atom.xml,
 * feed.json): one entry per issue, id `tag:tidings,2024:issue/<id>` forever,
 * published at the issue's date and updated when one of its posts is;
 * content = the web version's sections. Pure.
 */
export function issuesChannel(issues: readonly Issue[], config: Config): FeedChannel {
  return {
    key: ISSUES_KEY,
    title: `${config.site.title}: roundups`,
    description: `Each ${config.digest.period === 'weekly' ? 'week' : config.digest.period === 'daily' ? 'day' : 'month'}'s posts from ${config.site.title}, grouped by theme.`,
    homeUrl: siteUrl(config, ISSUES_PATH),
    entries: [...issues].reverse().map((issue) => issueEntry(issue, config)),
  };
}

function issueEntry(issue: Issue, config: Config): FeedEntry {
  const themed = issue.sections.filter((s) => s.theme !== null);
  let content: string | undefined;
  return Object.freeze({
    id: entryId('issue', issue.id),
    url: issueUrl(config, issue.id),
    title: cleanText(`Issue ${issue.number}: ${issue.subject}`),
    published: toRfc3339(issue.date, config.site.timeZone),
    updated: toRfc3339(issue.updated, config.site.timeZone),
    updatedMs: instantMs(issue.updated),
    author: cleanText(config.site.author) || 'Anonymous',
    categories: Object.freeze(themed.map((s) => cleanText(s.name))),
    themes: Object.freeze(themed.flatMap((s) => (s.theme === null ? [] : [s.theme]))),
    summary: cleanText(issue.preheader),
    // Made when first read: only the feed documents that are rendered need it (output-keys.ts).
    get contentHtml() {
      content ??= renderIssueSections(issue, (post) => post.url);
      return content;
    },
  });
}
