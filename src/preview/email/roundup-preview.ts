import type { Issue } from '../../digest/model.js';
import type { IssueRenderer } from '../../digest/issue-renderer.js';
import { issueRenderer } from '../../digest/issue-renderer.js';
import type { PersonalisedEmail } from '../../digest/personalise.js';
import { personalise } from '../../digest/personalise.js';
import type { RenderedIssue } from '../../digest/render/render.js';
import { SAMPLE_RECIPIENT, sampleMessageId, sampleValues } from '../../digest/sample.js';
import { variantKey, variantOf } from '../../digest/variant.js';
import { composeEml } from '../../mail/compose.js';
import { buildMessage } from '../../mail/message.js';
import type { Problem } from '../session/problems.js';
import { fromError } from '../session/problems.js';
import type { Snapshot } from '../session/snapshot.js';
import type { HeaderLine } from './headers.js';
import { headerLines } from './headers.js';
import { hasDarkStyles } from './dark.js';

/** One roundup variant as the sample subscriber gets it, and what a publisher checks about it. */
export interface RoundupPreview {
  readonly issue: Issue;
  /** The issue as this variant has it (its sections, subject and preheader). */
  readonly variant: Issue;
  /** The variant's key: '*' for everything, else the theme slugs (see variantKey). */
  readonly key: string;
  readonly rendered: RenderedIssue;
  readonly email: PersonalisedEmail;
  /** The sample message's headers, as sent. */
  readonly headers: readonly HeaderLine[];
  /** The whole sample message (RFC 5322). */
  readonly eml: Buffer;
  /** Bytes of the HTML part (what Gmail's clipping counts), the text part and the whole message. */
  readonly sizes: { readonly html: number; readonly text: number; readonly message: number };
  readonly darkStyles: boolean;
}

export type RoundupResult =
  | { readonly kind: 'ok'; readonly preview: RoundupPreview }
  /** The templates cannot render it: what is wrong, with file and line. */
  | { readonly kind: 'broken'; readonly problems: readonly Problem[] }
  /** A subscriber following only these themes gets no email for this issue. */
  | { readonly kind: 'none' };

/**
 * The roundup `issue` for a subscriber following `themes` (none: all),
 * rendered with the snapshot's templates and personalised for the sample
 * reader exactly as `tidings build` does for message.eml. Made once per
 * snapshot and variant.
 */
export function roundupPreview(snapshot: Snapshot, issue: Issue, themes: readonly string[]): Promise<RoundupResult> {
  const key = variantKey(issue, themes);
  if (key === null) return Promise.resolve({ kind: 'none' });
  return snapshot.memo(`roundup\0${issue.id}\0${key}`, () => make(snapshot, issue, key));
}

/** The snapshot's renderer for an issue: each variant compiled once. */
export function rendererFor(snapshot: Snapshot, issue: Issue): IssueRenderer | null {
  const { templates, config } = snapshot;
  if (templates === null) return null;
  return snapshot.memo(`renderer\0${issue.id}`, () => issueRenderer(issue, { config, templates }));
}

async function make(snapshot: Snapshot, issue: Issue, key: string): Promise<RoundupResult> {
  const renderer = rendererFor(snapshot, issue);
  if (renderer === null) return { kind: 'broken', problems: snapshot.problems.filter((p) => p.area === 'templates' && p.severity === 'error') };
  const themes = key === '*' ? [] : key.split(',');
  try {
    const rendered = renderer.forThemes(themes);
    const variant = variantOf(issue, themes, snapshot.config);
    if (rendered === null || variant === null) return { kind: 'none' };
    const { config } = snapshot;
    const email = personalise(rendered, sampleValues(issue, config));
    const message = buildMessage({ rendered, personalised: email, recipient: SAMPLE_RECIPIENT, config, messageId: sampleMessageId(issue, config), date: issue.date });
    const eml = await composeEml(message);
    return {
      kind: 'ok',
      preview: {
        issue,
        variant,
        key,
        rendered,
        email,
        headers: headerLines(eml),
        eml,
        sizes: { html: Buffer.byteLength(email.html, 'utf8'), text: Buffer.byteLength(email.text, 'utf8'), message: eml.length },
        darkStyles: hasDarkStyles(email.html),
      },
    };
  } catch (error) {
    return { kind: 'broken', problems: fromError(error, 'templates', snapshot.rootDir) };
  }
}
