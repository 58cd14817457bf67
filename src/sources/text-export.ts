/**
 * Source adapter for plain-text blog exports: posts under date lines such as
 * `Wednesday, 31 July 2019`, several posts per date allowed, titles optional.
 * The rules are described in docs/formats.md. Pure: text in, posts and
 * diagnostics out; nothing is repaired here (that is normalisation's job).
 */
import { diagnostic, type Diagnostic } from '../model/diagnostic.js';
import type { RawPost, SourceFile, SourceResult } from '../model/raw-post.js';
import { parseDateHeader } from './text-export/dates.js';
import { isBlank, splitLines } from './text-export/lines.js';
import { sectionPosts, type PostDraft } from './text-export/posts.js';
import { DATE_HEADER_EXAMPLES, scanLines, type Section } from './text-export/sections.js';
import { sha256 } from './shared/hash.js';

/** True when at least one line is wholly a date (the loader picks this adapter for such .txt files). */
export function looksLikeTextExport(text: string): boolean {
  return splitLines(text).some((line) => parseDateHeader(line) !== undefined);
}

function hashLines(lines: string[], first: number, last: number): string {
  return sha256(lines.slice(first - 1, last).join('\n'));
}

function toRawPost(file: string, lines: string[], section: Section, draft: PostDraft, sequence: number): RawPost {
  return {
    source: {
      file,
      format: 'text-export',
      line: draft.line,
      slot: `${section.date}#${sequence}`,
      hash: hashLines(lines, draft.line, draft.lastLine),
    },
    title: draft.title,
    published: section.date,
    sequence,
    body: { kind: 'blocks', blocks: draft.blocks },
  };
}

function byLine(a: Diagnostic, b: Diagnostic): number {
  return a.line - b.line;
}

export function readTextExport(file: SourceFile): SourceResult {
  const path = file.path;
  const lines = splitLines(file.text);
  if (lines.every(isBlank)) {
    const hint = 'the file has no text; export the blog again or remove the file';
    return { posts: [], diagnostics: [diagnostic(path, 0, 'empty file', hint)] };
  }
  const scan = scanLines(path, lines);
  if (!scan.sawDateHeader) {
    return {
      posts: [],
      diagnostics: [diagnostic(path, 0, 'no date line found, so no post can be read', DATE_HEADER_EXAMPLES)],
    };
  }
  const diagnostics = [...scan.diagnostics];
  const posts: RawPost[] = [];
  const sequences = new Map<string, number>();
  for (const section of scan.sections) {
    const drafts = sectionPosts(section);
    if (drafts.length === 0) {
      const hint = 'write the post under it or delete the date line';
      diagnostics.push(diagnostic(path, section.line, `no post under the date line ${section.date}`, hint, 'warning'));
    }
    for (const draft of drafts) {
      const sequence = sequences.get(section.date) ?? 0;
      sequences.set(section.date, sequence + 1);
      posts.push(toRawPost(path, lines, section, draft, sequence));
    }
  }
  return { posts, diagnostics: diagnostics.sort(byLine) };
}
