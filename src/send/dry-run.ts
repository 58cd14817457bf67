import type { Config } from '../config/schema.js';
import { issueRenderer } from '../digest/issue-renderer.js';
import type { Issue } from '../digest/model.js';
import type { DigestTemplates } from '../digest/templates/compile.js';
import type { Store } from '../store/store.js';
import { countAudience } from './eligible.js';
import { dryRunLines, type DryRunVariant } from './report.js';

/**
 * `tidings send --dry-run`: who would get which variant, each variant
 * rendered (so a template problem shows now, not mid-send), and what the
 * send log already holds for the issue. Reads only; sends and records nothing.
 */
export async function dryRun(
  store: Pick<Store, 'streamSubscribers' | 'getIssue' | 'deliveryCounts'>,
  input: { config: Config; templates: DigestTemplates; issue: Issue; due: boolean },
): Promise<string[]> {
  const { config, templates, issue } = input;
  const audience = await countAudience(store, issue);
  const renderer = issueRenderer(issue, { config, templates });
  const variants: DryRunVariant[] = [];
  for (const [key, recipients] of [...audience.variants].sort((a, b) => b[1] - a[1])) {
    const rendered = renderer.forThemes(key === '*' ? [] : key.split(','));
    if (rendered === null) continue;
    variants.push({ key, subject: rendered.subject, recipients, htmlBytes: rendered.maxHtmlBytes, warnings: rendered.warnings });
  }
  const recorded = await store.getIssue(issue.id);
  const counts = recorded === undefined ? null : await store.deliveryCounts(issue.id);
  return dryRunLines(issue, audience, variants, counts, input.due);
}
