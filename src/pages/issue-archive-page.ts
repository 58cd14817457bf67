import type { Config } from '../config/schema.js';
import type { Issue } from '../digest/model.js';
import { issuePath, ISSUES_PATH } from '../digest/paths.js';
import { siteUrl } from '../feeds/urls.js';
import { escapeHtml } from '../text/html-escape.js';
import { subscribeLinks } from './feed-links.js';
import { blogFeedLinks } from './feed-sets.js';
import { issuesFeedLinks } from './issue-feed-links.js';
import { renderLayout } from './layout.js';
import { signUpParts, withSignUp, type SignUp } from './sign-up.js';
import { relativeHref } from './paths.js';

/** The archive of every roundup (out/issues/index.html), newest first; offers the roundups' feeds. */
export function renderIssueArchivePage(issues: readonly Issue[], config: Config, signUp?: SignUp): string {
  const from = ISSUES_PATH;
  const items = [...issues].reverse().map((issue) =>
    [
      '<li><article>',
      `<h2><a href="${escapeHtml(relativeHref(from, issuePath(issue.id)))}">Issue ${issue.number}: ${escapeHtml(issue.period.label)}</a></h2>`,
      `<p class="meta">${escapeHtml(issue.period.range)} · ${issue.postCount} ${issue.postCount === 1 ? 'post' : 'posts'}</p>`,
      `<p>${escapeHtml(issue.sections.map((s) => s.name).join(' · '))}</p>`,
      '</article></li>',
    ].join('\n'),
  );
  const feeds = issuesFeedLinks(config);
  const main = [
    '<h1>Roundups</h1>',
    `<p>Every ${config.digest.period === 'weekly' ? 'week' : config.digest.period === 'daily' ? 'day' : 'month'}'s posts, grouped by theme.</p>`,
    subscribeLinks(feeds),
    items.length > 0 ? `<ul class="posts">\n${items.join('\n')}\n</ul>` : '<p>No issues yet.</p>',
    `<nav><p><a href="${escapeHtml(relativeHref(from, ''))}">All posts</a></p></nav>`,
  ].join('\n');
  return renderLayout({
    language: config.site.language,
    title: `Roundups · ${config.site.title}`,
    description: `Every roundup of ${config.site.title}.`,
    canonicalUrl: siteUrl(config, ISSUES_PATH),
    siteTitle: config.site.title,
    homeHref: relativeHref(from, ''),
    feeds: [feeds, blogFeedLinks(config)],
    main,
    footer: subscribeLinks(feeds),
    ...withSignUp(signUpParts(signUp, config)),
  });
}
