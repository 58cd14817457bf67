import type { Config } from '../../config/schema.js';
import { siteUrl } from '../../feeds/urls.js';
import { parseMailbox } from '../../subscribers/mailbox.js';
import type { Issue } from '../model.js';
import { ISSUES_PATH, issueUrl } from '../paths.js';
import type { Tokens } from './tokens.js';

/**
 * What the email templates see (documented in templates/README.md). Every
 * value is plain text: the templates escape it with {{ }}. Per-recipient
 * values are placeholders, filled in later by personalise().
 */
export interface EmailView {
  readonly lang: string;
  readonly site: { readonly title: string; readonly description: string; readonly url: string };
  readonly issue: {
    readonly id: string;
    readonly number: number;
    readonly label: string;
    readonly range: string;
    readonly subject: string;
    readonly preheader: string;
    readonly url: string;
    readonly postCount: number;
    readonly postCountLabel: string;
  };
  readonly sections: readonly SectionView[];
  readonly links: { readonly webVersion: string; readonly preferences: string; readonly unsubscribe: string; readonly archive: string };
  readonly recipient: { readonly name: string };
  readonly sender: { readonly name: string; readonly postalAddress: string };
  /** false in the compact form (no excerpts) used when an issue would be too large for one email. */
  readonly excerpts: boolean;
}

export interface SectionView {
  /** Theme slug; '' for "More posts". */
  readonly theme: string;
  readonly name: string;
  readonly description: string;
  readonly more: boolean;
  readonly posts: readonly PostCardView[];
}

export interface PostCardView {
  readonly title: string;
  readonly url: string;
  readonly date: string;
  readonly author: string;
  readonly readingTime: string;
  /** '' in the compact form. */
  readonly excerpt: string;
  /** The excerpt in runs, each with `url` ('' for plain text): a web address in it is a link labelled with its domain. Empty in the compact form. */
  readonly excerptParts: readonly { readonly text: string; readonly url: string }[];
}

/** The view of `issue` (or of one of its variants). Pure. */
export function emailView(issue: Issue, config: Config, tokens: Tokens, excerpts: boolean): EmailView {
  return {
    lang: config.site.language,
    site: { title: config.site.title, description: config.site.description, url: siteUrl(config, '') },
    issue: {
      id: issue.id,
      number: issue.number,
      label: issue.period.label,
      range: issue.period.range,
      subject: issue.subject,
      preheader: issue.preheader,
      url: issueUrl(config, issue.id),
      postCount: issue.postCount,
      postCountLabel: `${issue.postCount} ${issue.postCount === 1 ? 'post' : 'posts'}`,
    },
    sections: issue.sections.map((section) => ({
      theme: section.theme ?? '',
      name: section.name,
      description: section.description,
      more: section.theme === null,
      posts: section.posts.map((post) => ({
        title: post.title,
        url: post.url,
        date: post.date,
        author: post.author,
        readingTime: `${post.readingMinutes} min read`,
        excerpt: excerpts ? post.excerpt : '',
        excerptParts: !excerpts ? [] : (post.excerptParts ?? [{ text: post.excerpt }]).map((p) => ({ text: p.text, url: p.url ?? '' })),
      })),
    })),
    links: {
      webVersion: tokens.webVersionUrl,
      preferences: tokens.preferencesUrl,
      unsubscribe: tokens.unsubscribeUrl,
      archive: siteUrl(config, ISSUES_PATH),
    },
    recipient: { name: tokens.name },
    sender: { name: senderName(config), postalAddress: config.email.postalAddress },
    excerpts,
  };
}

function senderName(config: Config): string {
  try {
    return parseMailbox(config.email.from).name || config.site.title;
  } catch {
    return config.site.title;
  }
}
