import type { Config } from '../config/schema.js';
import type { FileContent } from '../files/atomic-write.js';
import type { IsCurrent, IssueOutputs } from './issue-outputs.js';
import { planIssueOutputs } from './issue-outputs.js';
import type { DigestTemplates } from '../digest/templates/compile.js';
import { blogFeeds } from '../feeds/index.js';
import { entryId } from '../feeds/ids.js';
import { FEED_FORMATS } from '../feeds/model.js';
import { renderFeedPieces } from '../feeds/render.js';
import type { FeedDocument } from '../feeds/model.js';
import type { Post } from '../model/post.js';
import type { Issue, IssuePlan } from '../digest/model.js';
import type { OutputKeys } from './output-keys.js';
import type { FileEntries } from './entry-reuse.js';
import { postPagePath } from '../addresses/page-folder.js';
import { planSitePages, sitePageJobs } from '../pages/index.js';
import type { SignUp } from '../pages/index.js';
import { issuePath } from '../digest/paths.js';
import { postPeriodId } from '../digest/periods.js';

/**
 * Posts that are not up, as the build needs them (all optional: without
 * them the site is planned from `posts` alone).
 */
export interface SiteLifecycle {
  /** Withdrawn posts: announced in the Atom feeds as RFC 6721 tombstones; their pages are gone. */
  readonly withdrawn?: readonly Post[];
  /** Expired posts: their pages are gone too. */
  readonly expired?: readonly Post[];
  /** Withdrawn posts that a roundup already sent went out with: planned into it, then left out (its web version says so). */
  readonly inSentIssues?: readonly Post[];
  /** The build's time (the roundups' feed holds only issues whose period has ended). */
  readonly now?: Date;
}

/** One file of the site: its path below the output folder and its text. */
export interface SiteFile {
  readonly path: string;
  /** Feeds come as UTF-8 pieces (written one after the other), pages as text; or how to render them, called only when the file is not current (see key). */
  readonly content: FileContent | (() => FileContent);
  /**
   * What the file is made from (output-keys.ts): when the last build
   * recorded this key for it and the file is as that build left it (size,
   * mtime), it is not rendered or read at all.
   */
  readonly key?: string;
  /** 'feed': a subscription document (the one readers poll and hubs hear about); 'archive': an archive page; 'email': a roundup's email files; 'asset': a file a post's page uses (an image beside it). */
  readonly kind: 'feed' | 'archive' | 'page' | 'email' | 'asset';
  /** Absolute URL (feeds and archive pages). */
  readonly url?: string;
  /** A file that says the files written before it are complete (a roundup's email.mjml): written after them. */
  readonly marker?: boolean;
  /** Already on disk exactly as it would be written (its content is then empty): left alone. */
  readonly current?: boolean;
}

export interface SitePlan {
  /** Posts left out of the feeds or pages, with why. */
  readonly problems: readonly string[];
  /** Every feed file, rendered on demand. */
  feedFiles(): Generator<SiteFile>;
  /** Every page, rendered on demand (each the site's pages, then the roundups'). */
  pageFiles(): Generator<SiteFile>;
  /** Number of roundups (0 when the plan was made without templates). */
  readonly issues: number;
  /** Folders (ending in '/') of pages that are gone (withdrawn or expired posts): removed, and answered 410 by `tidings serve`. */
  readonly gonePages: readonly string[];
  /** Folders of sent roundups whose every post was withdrawn since: their email files are removed. */
  readonly emptyIssues: readonly string[];
  /** Folders of roundups not sent that are left with no post (all withdrawn or expired): every file of theirs is removed. */
  readonly goneIssues: readonly string[];
  /**
   * Lets go of the feeds and the site's pages (their entries hold each
   * post's safe HTML): called once they are written, so that the roundups'
   * email files are made without them in memory. feedFiles and pageFiles
   * give nothing after it.
   */
  releaseFeedsAndPages(): void;
  /** Each roundup's email files (HTML, text, a sample message, MJML), rendered on demand unless `isCurrent` vouches for them; none without templates. */
  emailFiles(warn: (message: string) => void, isCurrent?: IsCurrent): AsyncGenerator<SiteFile>;
}

/** What else a site's plan can use. */
export interface SiteExtras {
  /** The compiled sign-up template, when every page links to the subscription page. */
  readonly signUp?: SignUp;
  /** The issue numbers the store gave (see numbered-issues.ts). */
  readonly issueNumbers?: ReadonlyMap<string, number>;
  /** The build's output keys: every file then carries its key, and is rendered only when its content is called for. */
  readonly keys?: OutputKeys;
  /** planIssues of the posts and the posts of sent roundups, when the caller already made it (for the numbers). */
  readonly issuePlan?: IssuePlan;
  /** With `keys`: where a subscription feed's entries come from when it is rendered (the bytes they had last time, entry-reuse.ts). */
  readonly entries?: (file: string, keyOf: (entryId: string) => string | undefined) => FileEntries;
}

/**
 * Everything `tidings build` writes, from the posts and the config (and the
 * compiled roundup templates, when the roundups are wanted: out/issues/;
 * and the compiled sign-up template, when every page links to the
 * subscription page).
 * Pure: nothing is read or written here, and rendering is lazy so that the
 * build can write each file as soon as it exists. With `keys`, every file
 * carries its key and its content is rendered only when called for.
 */
export function planSite(
  posts: readonly Post[],
  config: Config,
  templates?: DigestTemplates,
  lifecycle: SiteLifecycle = {},
  extras: SiteExtras = {},
): SitePlan {
  const { signUp, issueNumbers, keys, issuePlan, entries } = extras;
  const feeds = blogFeeds(posts, config, lifecycle.withdrawn ?? []);
  // A post's safe HTML is made once, for its feed entry, when a feed or its page is rendered.
  const entryById = new Map(feeds.entries.map((e) => [e.id, e]));
  const pages = planSitePages(posts, config, (id) => entryById.get(entryId('post', id))?.contentHtml);
  const inSent = lifecycle.inSentIssues ?? [];
  const issues: IssueOutputs | undefined = templates
    ? planIssueOutputs([...posts, ...inSent], config, templates, new Map(pages.posts.filter((p) => p.page).map((p) => [p.id, p.path])), {
        withdrawn: new Set(inSent.map((p) => p.id)),
        ...(lifecycle.now && { now: lifecycle.now }),
        ...(issueNumbers && { numbers: issueNumbers }),
        ...(keys && { keys }),
        ...(issuePlan && { plan: issuePlan }),
      })
    : undefined;
  const documents = [...feeds.documents, ...(issues?.documents ?? [])];
  const livePages = new Set(pages.posts.map((p) => p.path));
  let held: { readonly documents: readonly FeedDocument[]; readonly pages: typeof pages } | undefined = { documents, pages };
  const gonePages = [...new Set([...(lifecycle.withdrawn ?? []), ...(lifecycle.expired ?? [])].map((p) => postPagePath(p, config)))]
    .filter((path) => !livePages.has(path))
    .sort();
  return {
    problems: [...feeds.problems, ...pages.problems, ...(issues?.problems ?? [])],
    issues: issues?.issues.length ?? 0,
    gonePages,
    emptyIssues: (issues?.issues ?? []).filter((i) => i.postCount === 0).map((i) => issuePath(i.id)),
    goneIssues: issues ? vanishedIssues([...(lifecycle.withdrawn ?? []), ...(lifecycle.expired ?? [])], new Set(issues.issues.map((i) => i.id)), config) : [],
    *feedFiles() {
      const entryKey = keys && entryKeys(posts, issues?.issues ?? [], keys);
      for (const doc of held?.documents ?? []) {
        for (const format of FEED_FORMATS) {
          const file = doc.paths[format];
          yield {
            path: file,
            content: () => {
              const from = doc.kind === 'subscription' && entryKey ? entries?.(file, entryKey) : undefined;
              if (from === undefined) return renderFeedPieces(doc, format);
              const pieces = renderFeedPieces(doc, format, from.source);
              from.done(pieces);
              return pieces;
            },
            kind: doc.kind === 'subscription' ? 'feed' : 'archive',
            url: doc.links[format].self,
            ...(keys && entryKey && { key: keys.feed(doc, format, entryKey) }),
          };
        }
      }
    },
    *pageFiles() {
      if (held) for (const job of sitePageJobs(held.pages, config, signUp)) {
        const key = keys?.of('page', job.path, job.extra, ...job.posts.map((id) => `${id}=${keys.post(id) ?? '?'}`));
        yield { path: job.path, content: () => job.render(), kind: 'page', ...(key !== undefined && { key }) };
      }
      if (issues) for (const page of issues.pageFiles(signUp)) yield { ...page, kind: 'page' };
    },
    releaseFeedsAndPages() {
      held = undefined;
    },
    async *emailFiles(warn, isCurrent) {
      if (issues) for await (const file of issues.emailFiles(warn, isCurrent)) yield { ...file, kind: 'email' };
    },
  };
}

/** The fingerprint of each feed entry by its id: the posts' and the roundups'. */
function entryKeys(posts: readonly Post[], issues: readonly Issue[], keys: OutputKeys): (id: string) => string | undefined {
  const byEntry = new Map<string, string | undefined>();
  for (const post of posts) byEntry.set(entryId('post', post.id), keys.post(post.id));
  for (const issue of issues) byEntry.set(entryId('issue', issue.id), keys.issue(issue));
  return (id) => byEntry.get(id);
}

/** The folders of the roundups that posts no longer up were in, where no roundup is planned any more. */
function vanishedIssues(down: readonly Post[], planned: ReadonlySet<string>, config: Config): string[] {
  const ids = new Set<string>();
  for (const post of down) {
    try {
      ids.add(postPeriodId(post, config.digest.period, config.site.timeZone, config.site.language));
    } catch {
      // A post whose date cannot be placed was in no roundup.
    }
  }
  return [...ids].filter((id) => !planned.has(id)).sort().map(issuePath);
}
