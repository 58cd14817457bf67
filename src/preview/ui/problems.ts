import type { Problem } from '../session/problems.js';
import { placeOf } from '../session/problems.js';
import { esc } from './html.js';

const WHAT: Readonly<Record<Problem['area'], string>> = {
  config: 'The config cannot be used; the last good one is still in use',
  templates: 'The roundup templates cannot be used',
  content: 'Some content was not imported',
  build: 'The site was not built',
};

/** The errors of the last changes, at the top of every page: each with its file, line and the lines around it. Empty when there are none. */
export function problemsBanner(problems: readonly Problem[]): string {
  const errors = problems.filter((p) => p.severity === 'error');
  if (errors.length === 0) return '';
  const areas = [...new Set(errors.map((p) => p.area))];
  return [
    '<section class="problems" role="alert" aria-labelledby="problems-title">',
    `<h2 id="problems-title">${esc(areas.map((a) => WHAT[a]).join('. '))}</h2>`,
    '<ol>',
    ...errors.slice(0, 20).map((p) => `<li>${problemItem(p)}</li>`),
    '</ol>',
    errors.length > 20 ? `<p class="small">… and ${errors.length - 20} more.</p>` : '',
    '<p class="small">Fix it and save: this page updates by itself.</p>',
    '</section>',
  ].join('\n');
}

/** One problem: "file:line: message (hint)" and its excerpt. */
export function problemItem(p: Problem): string {
  const place = placeOf(p);
  const head = `${place ? `<code class="place">${esc(place)}</code>: ` : ''}${esc(p.message)}${p.hint ? ` <span class="small">(${esc(p.hint)})</span>` : ''}`;
  if (!p.excerpt || p.excerpt.length === 0) return head;
  const width = String(p.excerpt[p.excerpt.length - 1]?.line ?? 0).length;
  const lines = p.excerpt.map((l) => {
    const text = `${String(l.line).padStart(width)} | ${l.text}`;
    return l.line === p.line ? `<mark>${esc(text)}</mark>` : esc(text);
  });
  return `${head}<pre class="excerpt" aria-label="${esc(`${p.file} around line ${p.line}`)}">${lines.join('\n')}</pre>`;
}

/** Warnings (a post's stray markup, a post left out of the roundups), folded away. */
export function warningsList(problems: readonly Problem[], title: string): string {
  const warnings = problems.filter((p) => p.severity !== 'error');
  if (warnings.length === 0) return '';
  return [
    '<details class="warnings">',
    `<summary>${esc(title)}: ${warnings.length}</summary>`,
    '<ul>',
    ...warnings.slice(0, 200).map((p) => `<li>${problemItem(p)}</li>`),
    '</ul>',
    '</details>',
  ].join('\n');
}
