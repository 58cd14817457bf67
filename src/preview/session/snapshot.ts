import type { Config } from '../../config/schema.js';
import type { Issue } from '../../digest/model.js';
import { withNumbers } from '../../digest/numbers.js';
import { planIssues } from '../../digest/plan.js';
import type { DigestTemplates } from '../../digest/templates/compile.js';
import type { Post } from '../../model/post.js';
import { livePosts } from '../../model/post-state.js';
import type { WatchRoots } from '../watch/roots.js';
import type { Problem } from './problems.js';

/**
 * What the preview shows at one moment: the config, posts, roundups and
 * templates in use, and the problems of the last changes. A new snapshot
 * replaces the old one whole after every refresh; pages are rendered from
 * one snapshot only. Renderings are made on demand and kept for the
 * snapshot's life (see `memo`), so only what someone looks at is rendered.
 */
export interface Snapshot {
  /** Goes up by one with every refresh: open pages compare it with their own. */
  readonly generation: number;
  readonly config: Config;
  readonly configFile: string | null;
  /** The site's folder (the config file's). */
  readonly rootDir: string;
  /** Newest first: every post that is not withdrawn (scheduled ones too, which the pages mark). */
  readonly posts: readonly Post[];
  /** Oldest first, as planned. */
  readonly issues: readonly Issue[];
  /** null while the templates cannot be used (see problems). */
  readonly templates: DigestTemplates | null;
  /** Errors and warnings of the config, templates, content and build, errors first. */
  readonly problems: readonly Problem[];
  readonly roots: WatchRoots;
  readonly updatedAt: Date;
  /** What the last refresh was for ("content/posts/a.md", "the templates"). */
  readonly cause: string;
  /** The value for `key`, made once per snapshot. */
  memo<T>(key: string, make: () => T): T;
}

export type SnapshotInput = Omit<Snapshot, 'issues' | 'memo' | 'problems'> & {
  readonly problems: readonly Problem[];
  /** The issue numbers the store gave (digest/numbers.ts, build/numbered-issues.ts); without them issues are counted from the oldest. */
  readonly issueNumbers?: ReadonlyMap<string, number>;
};

/**
 * A snapshot from its parts. The roundups are planned (pure) and the
 * problems ordered when first asked for, not here: planning cuts an excerpt
 * of every post, which a refresh whose pages nobody opens (the built site
 * is what most edits are looked at in) must not wait for.
 */
export function makeSnapshot(input: SnapshotInput): Snapshot {
  const { issueNumbers, problems: given, ...rest } = input;
  let planned: { issues: readonly Issue[]; problems: readonly Problem[] } | undefined;
  const plan = (): { issues: readonly Issue[]; problems: readonly Problem[] } => {
    if (planned !== undefined) return planned;
    // The roundups hold what is up at the snapshot's time; scheduled posts are listed (marked), not yet in a roundup.
    const made = planIssues(livePosts(input.posts, input.updatedAt), input.config);
    const { issues, problems } = issueNumbers === undefined ? made : withNumbers(made, issueNumbers);
    const all = [...given, ...problems.map((message): Problem => ({ area: 'content', file: '', line: 0, severity: 'warning', message }))];
    planned = { issues, problems: [...all.filter((p) => p.severity === 'error'), ...all.filter((p) => p.severity !== 'error')] };
    return planned;
  };
  const cache = new Map<string, unknown>();
  return {
    ...rest,
    get issues() {
      return plan().issues;
    },
    get problems() {
      return plan().problems;
    },
    memo<T>(key: string, make: () => T): T {
      if (cache.has(key)) return cache.get(key) as T;
      const value = make();
      cache.set(key, value);
      return value;
    },
  };
}

/** An issue by its id, or undefined. */
export function findIssue(snapshot: Snapshot, id: string): Issue | undefined {
  return snapshot.issues.find((issue) => issue.id === id);
}
