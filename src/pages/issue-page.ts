import type { Config } from '../config/schema.js';
import type { Issue, IssuePost } from '../digest/model.js';
import { issuePath, issueUrl, ISSUES_PATH } from '../digest/paths.js';
import { escapeHtml } from '../text/html-escape.js';
import { subscribeLinks } from './feed-links.js';
import { blogFeedLinks } from './feed-sets.js';
import { renderIssueSections } from './issue-body.js';
import { issuesFeedLinks } from './issue-feed-links.js';
import { renderLayout } from './layout.js';
import { signUpParts, withSignUp, type SignUp } from './sign-up.js';
import { relativeHref } from './paths.js';

export interface IssuePageModel {
  readonly issue: Issue;
  /** The issue before and after this one, when there are. */
  readonly previous?: Issue;
  readonly next?: Issue;
  /** Where a post's page is (relative to the output folder), when the site has one; else its URL is used. */
  readonly postPath: (post: IssuePost) => string | undefined;
}

/** The web version of a roundup (out/issues/<id>/index.html): its sections, links to the issues either side, and the roundups' feeds. */
export function renderIssuePage(model: IssuePageModel, config: Config, signUp?: SignUp): string {
  const { issue } = model;
  const from = issuePath(issue.id);
  const href = (post: IssuePost): string => {
    const local = model.postPath(post);
    return local === undefined ? post.url : relativeHref(from, local);
  };
  const around = [
    ...(model.previous ? [`<a rel="prev" href="${escapeHtml(relativeHref(from, issuePath(model.previous.id)))}">← Issue ${model.previous.number}: ${escapeHtml(model.previous.period.label)}</a>`] : []),
    `<a href="${escapeHtml(relativeHref(from, ISSUES_PATH))}">All issues</a>`,
    ...(model.next ? [`<a rel="next" href="${escapeHtml(relativeHref(from, issuePath(model.next.id)))}">Issue ${model.next.number}: ${escapeHtml(model.next.period.label)} →</a>`] : []),
  ];
  const nav = `<nav aria-label="Issues"><p>${around.join(' · ')}</p></nav>`;
  const issues = issuesFeedLinks(config);
  const main = [
    '<article>',
    `<h1>${escapeHtml(issue.period.label)}</h1>`,
    `<p class="meta">Issue ${issue.number} · ${escapeHtml(issue.period.range)} · ${issue.postCount} ${issue.postCount === 1 ? 'post' : 'posts'}</p>`,
    ...(issue.withdrawn ? [withdrawnNotice(issue.withdrawn)] : []),
    renderIssueSections(issue, href),
    '</article>',
    nav,
  ].join('\n');
  return renderLayout({
    language: config.site.language,
    title: `${issue.subject} · ${config.site.title}`,
    description: issue.preheader,
    canonicalUrl: issueUrl(config, issue.id),
    siteTitle: config.site.title,
    homeHref: relativeHref(from, ''),
    feeds: [issues, blogFeedLinks(config)],
    main,
    footer: subscribeLinks(issues),
    ...withSignUp(signUpParts(signUp, config)),
  });
}

/** What a sent roundup's web version says when posts it went out with have been withdrawn. */
function withdrawnNotice(count: number): string {
  return `<p class="withdrawn" role="note">${count === 1 ? 'One post' : `${count} posts`} in this roundup as it was sent ${count === 1 ? 'has' : 'have'} since been withdrawn and ${count === 1 ? 'is' : 'are'} no longer available.</p>`;
}
