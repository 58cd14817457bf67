import type { Config } from '../config/schema.js';
import { feedDocuments } from '../feeds/documents.js';
import type { FeedDocument } from '../feeds/model.js';
import { buildMessage } from '../mail/message.js';
import { composeEml } from '../mail/compose.js';
import type { Post } from '../model/post.js';
import { renderIssueArchivePage } from '../pages/issue-archive-page.js';
import { renderIssuePage } from '../pages/issue-page.js';
import type { SignUp } from '../pages/sign-up.js';
import { issuesChannel } from './issues-feed.js';
import type { Issue, IssuePlan } from '../digest/model.js';
import { issuePath, ISSUES_PATH } from '../digest/paths.js';
import { personalise } from '../digest/personalise.js';
import { withNumbers } from '../digest/numbers.js';
import { dueIssues, planIssues, withoutWithdrawn } from '../digest/plan.js';
import { compileAhead } from '../digest/render/ahead.js';
import { defaultMjmlWorkers } from '../digest/render/mjml-pool.js';
import type { RenderContext } from '../digest/render/render.js';
import { renderIssue, renderKeys } from '../digest/render/render.js';
import { SAMPLE_RECIPIENT, sampleMessageId, sampleValues } from '../digest/sample.js';
import type { DigestTemplates } from '../digest/templates/compile.js';
import type { OutputKeys } from './output-keys.js';

/** One output file: its path below the output folder and its content. */
export interface IssueFile {
  readonly path: string;
  readonly content: string | Buffer;
  /** What the file is made from (output-keys.ts), when the build keys its outputs. */
  readonly key?: string;
  /** True for email.mjml: it marks the other email files current (see isCurrent), so it is written after them. */
  readonly marker?: boolean;
  /** True when the file on disk is already what would be written (content is then empty): nothing to do. */
  readonly current?: boolean;
}

/** A page of the roundups: how to render it, called only when its key changed (or there is none). */
export interface IssuePageFile {
  readonly path: string;
  readonly content: () => string;
  readonly key?: string;
}

/** The files of an issue's email, email.mjml (the marker) last. */
export const EMAIL_FILES = ['email.html', 'email.txt', 'message.eml', 'email.mjml'] as const;

/**
 * Whether an issue's email files on disk are current: the last build
 * recorded `key` (output-keys.ts; undefined when the build keys nothing) for
 * each of them and they are as it left them, or else they all exist and its
 * email.mjml holds one of `renderKeys()` (see digest/render renderKeys: how
 * builds before the keys knew them). Supplied by the build, which owns the
 * file system.
 */
export type IsCurrent = (issueDir: string, key: string | undefined, renderKeys: () => readonly string[]) => Promise<boolean>;

export interface IssueOutputOptions {
  /**
   * Posts given only because a roundup that was sent held them, withdrawn
   * since: left out of every output, and counted on the issue's web version.
   */
  readonly withdrawn?: ReadonlySet<string>;
  /** The build's time: the roundups' feed leaves out issues whose period has not ended by then. */
  readonly now?: Date;
  /** The issue numbers the store gave (see numbered-issues.ts; default: counted from the oldest issue). */
  readonly numbers?: ReadonlyMap<string, number>;
  /** Worker threads compiling the roundups' MJML ahead (see digest/render/ahead.ts; default: one fewer than the cores, at most 4; 0: none). */
  readonly mjmlWorkers?: number;
  /** The build's output keys: every file then carries its key (see IssueFile.key). */
  readonly keys?: OutputKeys;
  /** planIssues(posts, config), when the caller already made it. */
  readonly plan?: IssuePlan;
}

/** Everything `tidings build` writes for the roundups. */
export interface IssueOutputs {
  readonly issues: readonly Issue[];
  /** The roundups' feed documents (subscription and archive pages). */
  readonly documents: readonly FeedDocument[];
  /** Posts left out of the roundups, with why. */
  readonly problems: readonly string[];
  /** The archive of issues and each issue's web version (with the sign-up link when `signUp` is given), each rendered when its content is called for. */
  pageFiles(signUp?: SignUp): Generator<IssuePageFile>;
  /**
   * Each issue's email: email.html, email.txt and message.eml (for a sample
   * recipient, dated at the issue's date) and email.mjml. The MJML compile
   * per issue makes this the costly part; rendered on demand, issue by
   * issue, and skipped for an issue whose files `isCurrent` vouches for.
   */
  emailFiles(warn: (message: string) => void, isCurrent?: IsCurrent): AsyncGenerator<IssueFile>;
}

/**
 * Plans the roundups' outputs from the posts, the config and compiled
 * templates. `postPaths` gives the archive page (below the output folder)
 * of each post that has one, for the web versions' links; `options.numbers`
 * the issue numbers the store gave (see numbered-issues.ts; default: counted from
 * the oldest issue).
 */
export function planIssueOutputs(
  posts: readonly Post[],
  config: Config,
  templates: DigestTemplates,
  postPaths: ReadonlyMap<string, string>,
  options: IssueOutputOptions = {},
): IssueOutputs {
  const planned = options.plan ?? planIssues(posts, config);
  // Numbered first (a sent roundup keeps its number), then the withdrawn posts of sent roundups left out.
  const numbered = options.numbers === undefined ? planned : withNumbers(planned, options.numbers);
  const issues = withoutWithdrawn(numbered.issues, options.withdrawn ?? new Set());
  const problems = numbered.problems;
  // The roundups' feed holds the issues whose period has ended: none dated in the future.
  const documents = feedDocuments(issuesChannel(options.now ? dueIssues(issues, options.now) : issues, config), config);
  return {
    issues,
    documents,
    problems,
    *pageFiles(signUp) {
      const { keys } = options;
      const archive = `${ISSUES_PATH}index.html`;
      yield { path: archive, content: () => renderIssueArchivePage(issues, config, signUp), ...(keys && { key: keys.of('issues', archive, ...issues.map((i) => keys.issue(i))) }) };
      for (let i = 0; i < issues.length; i++) {
        const issue = issues[i];
        if (issue === undefined) continue;
        const [previous, next] = [issues[i - 1], issues[i + 1]];
        const path = `${issuePath(issue.id)}index.html`;
        const content = (): string => renderIssuePage({ issue, previous, next, postPath: (post) => postPaths.get(post.id) }, config, signUp);
        // The page links to the issues either side: by their number and period.
        const around = [previous, next].map((other) => (other ? `${other.id}#${other.number}` : '-'));
        yield { path, content, ...(keys && { key: keys.of('issue', path, keys.issue(issue), ...around) }) };
      }
    },
    async *emailFiles(warn, isCurrent) {
      // Which issues' files are current first, so that the MJML of the others can compile ahead on workers.
      const current = new Set<Issue>();
      const due: Issue[] = [];
      const { keys } = options;
      const keyOf = (issue: Issue): string | undefined => keys?.of('email', keys.issue(issue));
      for (const issue of issues) {
        // A sent roundup whose every post was withdrawn since: no email files (the build removes the old ones).
        if (issue.postCount === 0) continue;
        if (isCurrent && (await isCurrent(issuePath(issue.id), keyOf(issue), () => renderKeys(issue, { config, templates })))) current.add(issue);
        else due.push(issue);
      }
      const ahead = compileAhead(due, { config, templates }, options.mjmlWorkers ?? defaultMjmlWorkers());
      try {
        let rendered = 0;
        for (const issue of issues) {
          if (issue.postCount === 0) continue;
          if (current.has(issue)) {
            const key = keyOf(issue);
            for (const name of EMAIL_FILES) yield { path: `${issuePath(issue.id)}${name}`, content: '', current: true, ...(key !== undefined && { key }) };
            continue;
          }
          const key = keyOf(issue);
          for await (const file of emailFilesOf(issue, { config, templates, compiled: await ahead.ready(rendered++) }, warn)) yield key === undefined ? file : { ...file, key };
        }
      } finally {
        await ahead.close();
      }
    },
  };
}

async function* emailFilesOf(issue: Issue, ctx: RenderContext, warn: (message: string) => void): AsyncGenerator<IssueFile> {
  const { config } = ctx;
  const rendered = renderIssue(issue, ctx);
  for (const warning of rendered.warnings) warn(warning);
  const personalised = personalise(rendered, sampleValues(issue, config));
  const dir = issuePath(issue.id);
  yield { path: `${dir}email.html`, content: personalised.html };
  yield { path: `${dir}email.txt`, content: personalised.text };
  const message = buildMessage({ rendered, personalised, recipient: SAMPLE_RECIPIENT, config, messageId: sampleMessageId(issue, config), date: issue.date });
  yield { path: `${dir}message.eml`, content: await composeEml(message) };
  yield { path: `${dir}email.mjml`, content: rendered.mjml, marker: true };
}
