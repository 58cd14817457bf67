import type { Config } from '../config/schema.js';
import { issueRenderer } from '../digest/issue-renderer.js';
import type { Issue } from '../digest/model.js';
import type { DigestTemplates } from '../digest/templates/compile.js';
import { variantOf } from '../digest/variant.js';
import type { DeliveryCounts, Store } from '../store/store.js';
import { countAudience } from './eligible.js';

/** One variant of a dry run: what its recipients would get, and who they are. */
export interface DryRunVariant {
  /** '*' for the whole issue, else the themes whose sections it has (variantKey). */
  readonly key: string;
  readonly subject: string;
  /** Its section headings, in order. */
  readonly sections: readonly string[];
  readonly posts: number;
  readonly recipients: number;
  /** The recipients' addresses, in the order of the list (when asked for). */
  readonly addresses?: readonly string[];
  /** Size of the HTML part, in bytes, with room for the per-recipient values. */
  readonly htmlBytes: number;
  readonly warnings: readonly string[];
}

/** What `tidings send --dry-run` found (`--json` prints it as it is). */
export interface DryRunReport {
  readonly issue: { readonly id: string; readonly number: number; readonly subject: string; readonly posts: number; readonly date: string; readonly due: boolean };
  /** Most recipients first. */
  readonly variants: readonly DryRunVariant[];
  readonly recipients: number;
  /** Active subscribers who follow no theme of the issue's posts: they get nothing. */
  readonly notFollowing: number;
  /** What the send log already holds for the issue; null when it was never recorded. */
  readonly recorded: DeliveryCounts | null;
}

/**
 * `tidings send --dry-run`: who would get which variant (by the rule of
 * variantFor), each variant rendered (so a template problem shows now, not
 * mid-send), what the send log already holds for the issue, and with
 * `addresses` the recipients of each variant by name. Reads only; sends and
 * records nothing.
 */
export async function dryRun(
  store: Pick<Store, 'streamSubscribers' | 'getIssue' | 'deliveryCounts'>,
  input: { config: Config; templates: DigestTemplates; issue: Issue; due: boolean; addresses?: boolean },
): Promise<DryRunReport> {
  const { config, templates, issue } = input;
  const audience = await countAudience(store, issue, { addresses: input.addresses === true });
  const renderer = issueRenderer(issue, { config, templates });
  const variants: DryRunVariant[] = [];
  for (const [key, recipients] of [...audience.variants].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))) {
    const themes = key === '*' ? [] : key.split(',');
    const rendered = renderer.forThemes(themes);
    const variant = variantOf(issue, themes, config);
    if (rendered === null || variant === null) continue;
    variants.push({
      key,
      subject: rendered.subject,
      sections: variant.sections.map((section) => section.name),
      posts: variant.postCount,
      recipients,
      ...(audience.addresses ? { addresses: audience.addresses.get(key) ?? [] } : {}),
      htmlBytes: rendered.maxHtmlBytes,
      warnings: rendered.warnings,
    });
  }
  const recorded = await store.getIssue(issue.id);
  const counts = recorded === undefined ? null : await store.deliveryCounts(issue.id);
  return {
    issue: { id: issue.id, number: issue.number, subject: issue.subject, posts: issue.postCount, date: issue.date, due: input.due },
    variants,
    recipients: audience.eligible,
    notFollowing: audience.notFollowing,
    recorded: counts,
  };
}
