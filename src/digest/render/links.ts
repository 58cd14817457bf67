import type { Config } from '../../config/schema.js';
import { CLICK_PATH, createClickSigner } from '../../engagement/click-tokens.js';
import { siteBase } from '../../feeds/urls.js';
import { TemplateError } from '../template-error.js';
import type { TemplateSet } from '../templates/files.js';
import type { Issue } from '../model.js';
import type { Tokens } from './tokens.js';

/**
 * The render stage of engagement (config `engagement`, off by default).
 * Off: the issue is shown as it is, each link the post's own address, and
 * nothing in the email can count anything. `clicks`: each link to a post
 * becomes `<base>/r/<issue>/<link token>` (see engagement/click-tokens.ts),
 * the same in every copy; `perSubscriber` as well: `/<reader token>` is
 * added, a per-recipient value (the `reader` placeholder), and the footer
 * says so. Never an image or anything else that reports an open. Pure.
 */

/** The footer's sentence when clicks are counted per subscriber (the template shows `{{engagement.notice}}`). */
export const PER_SUBSCRIBER_NOTICE = 'This email counts which links you click, to learn what readers like.';

/** What the templates see of it: `notice` is '' unless clicks are counted per subscriber. */
export interface EngagementView {
  readonly notice: string;
}

/** The issue as the email shows it: with clicks counted, every post's `url` is its click link. */
export function trackedIssue(issue: Issue, config: Config, tokens: Tokens): Issue {
  const { clicks, perSubscriber } = config.engagement;
  if (!clicks) return issue;
  const secret = config.subscriptions.secret;
  // The config loader refuses clicks without a secret; a Config made in code can still lack one.
  if (secret === undefined || secret === '') throw new TypeError('engagement.clicks needs subscriptions.secret to sign the links to posts');
  const signer = createClickSigner(secret);
  const base = `${siteBase(config)}${CLICK_PATH}/${issue.id}/`;
  const reader = perSubscriber ? `/${tokens.reader}` : '';
  return {
    ...issue,
    sections: issue.sections.map((section) => ({
      ...section,
      posts: section.posts.map((post) => ({ ...post, url: `${base}${signer.link({ issueId: issue.id, postId: post.id, url: post.url })}${reader}` })),
    })),
  };
}

export function engagementView(config: Config): EngagementView {
  return { notice: config.engagement.clicks && config.engagement.perSubscriber ? PER_SUBSCRIBER_NOTICE : '' };
}

/** With clicks counted per subscriber, both parts must say so: else a TemplateError against the footer. */
export function checkNotice(html: string, text: string, config: Config, set: TemplateSet): void {
  const notice = engagementView(config).notice;
  if (notice === '') return;
  const flat = (s: string) => s.replace(/\s+/g, ' ');
  if (flat(html).includes(notice) && flat(text).includes(notice)) return;
  const footer = set.partials.get('footer')?.file ?? set.layout.file;
  throw TemplateError.at(
    footer,
    0,
    'clicks are counted per subscriber (engagement.perSubscriber), and the email does not say so',
    'show {{engagement.notice}} in the footer, as the built-in footer does',
  );
}
