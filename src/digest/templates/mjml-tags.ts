import type { Diagnostic } from '../../model/diagnostic.js';
import { diagnostic } from '../../model/diagnostic.js';
import type { TemplateFile } from './files.js';
import { MJML_ELEMENTS } from './mjml-elements.js';

/** What tidings reads of an MJML component class (mjml-core's typings describe instances, not the class). */
interface ComponentClass {
  readonly allowedAttributes?: Readonly<Record<string, string>>;
  readonly endingTag?: boolean;
}

/** mjml's registry of components, from the copy in mjml-elements.ts (loading mjml itself takes a quarter of a second). */
const registry: Readonly<Record<string, ComponentClass | undefined>> = Object.fromEntries(
  Object.entries(MJML_ELEMENTS).map(([name, element]) => [name, { allowedAttributes: Object.fromEntries(element.attributes.map((a) => [a, ''])), endingTag: element.endingTag === true }]),
);

/** Attributes MJML accepts on every component (mjml-validator's whitelist). */
const EVERYWHERE = ['mj-class', 'css-class'];

/** Elements MJML knows without a component class, with the attributes they take (null: those of any component). */
const COMPONENTLESS: Readonly<Record<string, readonly string[] | null>> = {
  // version: MJML 3's, still in many published templates; MJML 4 ignores it.
  mjml: ['lang', 'dir', 'owa', 'version'],
  'mj-all': null,
  'mj-class': null,
  'mj-selector': ['path'],
  'mj-html-attribute': ['name'],
};

/** Every attribute some component takes: what mj-all and mj-class may set. */
const ANY_COMPONENT = new Set([...EVERYWHERE, 'name', ...Object.values(registry).flatMap((c) => Object.keys(c?.allowedAttributes ?? {}))]);

const KNOWN = [...Object.keys(registry), ...Object.keys(COMPONENTLESS)].sort();

/**
 * Every MJML element and attribute written in a template, checked against
 * the elements MJML has, in every branch (MJML itself only sees the
 * branches an issue takes, and never looks inside the HTML content of
 * `mj-text`, `mj-button`, `mj-raw` and the like, where an `<mj-…>` tag
 * would reach the email as it is). Each problem names the template's file
 * and line.
 */
export function checkMjmlTags(template: TemplateFile): Diagnostic[] {
  const text = blankHandlebars(template.source);
  const problems: Diagnostic[] = [];
  const lineAt = lineCounter(template.source);
  /** The ending tag (raw HTML content) we are inside, if any. */
  let inside: string | undefined;
  for (const m of text.matchAll(/<(\/?)(mj(?:ml|-[a-z0-9-]*))(?=[\s/>]|$)/gi)) {
    const at = m.index;
    const closing = m[1] === '/';
    const name = (m[2] ?? '').toLowerCase();
    const line = lineAt(at);
    if (closing) {
      if (inside === name) inside = undefined;
      continue;
    }
    const tag = readTag(text, at + m[0].length);
    const component = registry[name];
    const allowed = component ? [...Object.keys(component.allowedAttributes ?? {}), ...EVERYWHERE] : COMPONENTLESS[name];
    if (inside !== undefined) {
      const what = allowed === undefined ? `unknown MJML element <${name}>` : `<${name}>`;
      problems.push(
        diagnostic(template.file, line, `${what} inside <${inside}>: MJML reads what is inside <${inside}> as HTML, so the tag would reach the email as it is`, `close the <${inside}> first, or write HTML there`),
      );
      continue;
    }
    if (allowed === undefined) {
      const near = nearest(name, KNOWN);
      problems.push(
        diagnostic(template.file, line, `unknown MJML element <${name}>`, name === 'mj-include' ? 'use a partial ({{> name}}) instead of mj-include' : near ? `did you mean <${near}>?` : 'see https://documentation.mjml.io for the elements there are'),
      );
      continue;
    }
    const known = allowed === null ? ANY_COMPONENT : new Set(allowed);
    for (const attribute of tag.attributes) {
      if (known.has(attribute.name) || (name === 'mj-class' && attribute.name === 'name')) continue;
      problems.push(
        diagnostic(
          template.file,
          lineAt(attribute.at),
          `unknown attribute "${attribute.name}" on <${name}>`,
          attributeHint(attribute.name, name, allowed === null ? [...ANY_COMPONENT] : allowed),
        ),
      );
    }
    if (component?.endingTag && !tag.selfClosing) inside = name;
  }
  return problems;
}

interface Tag {
  readonly attributes: readonly { readonly name: string; readonly at: number }[];
  readonly selfClosing: boolean;
}

/** The attribute names of the tag whose name ends at `from`, up to its `>` (quotes respected). */
function readTag(text: string, from: number): Tag {
  const attributes: { name: string; at: number }[] = [];
  const pattern = /\s*(?:(\/?>)|([^\s=/>"']+)(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>"']+))?|(.))/gy;
  pattern.lastIndex = from;
  for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
    if (m[1] !== undefined) return { attributes, selfClosing: m[1] === '/>' };
    if (m[2] !== undefined) attributes.push({ name: m[2].toLowerCase(), at: m.index + m[0].length - m[0].trimStart().length });
    if (m[0] === '') break;
  }
  return { attributes, selfClosing: false };
}

/**
 * The source with every Handlebars expression and every comment (HTML or
 * Handlebars) replaced by spaces, newlines kept: offsets and lines stay
 * those of the file, and `{{#if x}}align="center"{{/if}}` still reads as an
 * attribute.
 */
function blankHandlebars(source: string): string {
  return source.replace(/\{\{!--[\s\S]*?--\}\}|\{\{[\s\S]*?\}\}\}?|<!--[\s\S]*?-->/g, (m) => m.replace(/[^\n]/g, ' '));
}

function lineCounter(source: string): (offset: number) => number {
  const starts = [0];
  for (let i = source.indexOf('\n'); i !== -1; i = source.indexOf('\n', i + 1)) starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
}

function attributeHint(attribute: string, element: string, allowed: readonly string[]): string {
  const near = nearest(attribute, allowed);
  if (near !== undefined) return `did you mean ${near}="…"? See the attributes of <${element}> at https://documentation.mjml.io`;
  if (allowed.length > 40) return 'no MJML element takes it';
  return `<${element}> takes ${allowed.length > 0 ? [...allowed].sort().join(', ') : 'no attributes'}`;
}

/** The name of `names` closest to a misspelt one (at most two edits away). */
function nearest(name: string, names: readonly string[]): string | undefined {
  let best: string | undefined;
  let distance = 3;
  for (const known of names) {
    const d = editDistance(name, known);
    if (d < distance) [best, distance] = [known, d];
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row.push(Math.min((previous[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1)));
    previous = row;
  }
  return previous[b.length] ?? 0;
}
