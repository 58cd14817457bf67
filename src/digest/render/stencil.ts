import type { DigestTemplates } from '../templates/compile.js';
import { compileMjml } from './mjml.js';
import type { Item } from './stencil-view.js';
import { edgeTokens, ESCAPED_TOKEN, itemsOf, LEVELS, padded, RAW_TOKEN_END, tokenKey, TOKEN_START } from './stencil-view.js';
import { restoreModel, snapshotOf } from './stencil-snapshot.js';
import type { StencilSnapshot } from './stencil-snapshot.js';
import type { Model, Node, Piece } from './stencil-model.js';

export type { StencilSnapshot } from './stencil-snapshot.js';

/**
 * MJML once per template version and item shape, not once per issue. An
 * item (the view, a section, a post card, an excerpt run; stencil-view.ts)
 * is compiled once with tokens for its values, inside a probe document
 * holding one item of each level above it; the HTML it adds to the probe
 * of its parent is its fragment, and where its own children go is learned
 * the same way. An issue's HTML is then its items' fragments joined, each
 * token replaced by its value as Handlebars escaped it.
 *
 * That this is the HTML MJML would make of the whole document rests on:
 * values sit inside mj-text (or mj-title, mj-preview), whose content MJML
 * copies and juice (cheerio, entities not decoded) re-serialises unchanged
 * when the value passes stencil-view.ts's `passes`; and juice's inline
 * rules match an element by its own tag, class and id and its ancestors
 * only (no sibling, attribute or pseudo-class selector, checked here), so
 * a card is styled alike wherever it stands. It is not taken on trust:
 * each template version is compiled both ways once with awkward values,
 * and every issue that needed a fragment not seen before is compiled
 * whole too and compared; a difference turns the stencil path off for
 * that template version (the whole compile's HTML is used).
 */
export function stencilHtml(view: object, mjml: string, templates: DigestTemplates): string | undefined {
  const model = modelOf(templates);
  if (model.off) return undefined;
  const root = itemsOf(view);
  if (root === undefined) return undefined;
  const learned = model.learned;
  const html = assemble(root, model, templates);
  if (html === undefined) return undefined;
  if (model.learned === learned && model.checked) {
    model.joined++;
    return html;
  }
  let whole: string;
  try {
    whole = compileMjml(mjml);
  } catch {
    return undefined;
  }
  model.changed = true;
  if (whole !== html || (!model.checked && !awkwardAgrees(view, model, templates))) {
    model.off = true;
    return whole;
  }
  model.checked = true;
  model.joined++;
  return html;
}

const models = new WeakMap<DigestTemplates, Model>();

function modelOf(templates: DigestTemplates): Model {
  let model = models.get(templates);
  if (model === undefined) {
    model = { nodes: new Map(), edges: new Set(), learned: 0, checked: false, joined: 0, off: !templatesAllow(templates), changed: false };
    models.set(templates, model);
  }
  return model;
}

/**
 * Templates whose output depends only on an item's shape and values: no
 * position in a loop (`@index`, `@first`, `@last`, `@key`), no parent
 * context (`../`), no `lookup` by a value; no mj-html-attributes (MJML
 * re-serialises the document as XML for it); inline CSS (mj-style
 * inline="inline") whose selectors only name tags, classes and ids with
 * descendant or child combinators.
 */
function templatesAllow(templates: DigestTemplates): boolean {
  for (const file of templates.files) {
    if (/\{\{[^}]*(@index|@first|@last|@key|\blookup\b|\.\.\/)/.test(file.source)) return false;
    if (/<mj-html-attributes\b/.test(file.source)) return false;
    for (const m of file.source.matchAll(/<mj-style\b([^>]*)>([\s\S]*?)<\/mj-style>/g)) {
      if (!/\binline\s*=\s*["']inline["']/.test(m[1] ?? '')) continue;
      const css = (m[2] ?? '').replace(/\/\*[\s\S]*?\*\//g, '');
      if (css.includes('@') || css.includes('{{')) return false;
      const selectors = css.replace(/\{[^}]*\}/g, ',');
      if (/[:+~[\]\\]/.test(selectors)) return false;
    }
  }
  return true;
}

function assemble(root: Item, model: Model, templates: DigestTemplates): string | undefined {
  const out: string[] = [];
  const scope: ReadonlyMap<number, string>[] = [];
  const chain: Item[] = [];
  const put = (pieces: readonly Piece[]): boolean => {
    for (const piece of pieces) {
      if (typeof piece === 'string') out.push(piece);
      else {
        const value = scope[piece.depth]?.get(piece.n);
        if (value === undefined || (padded(value) && model.edges.has(tokenKey(piece.depth, piece.n)))) return false;
        out.push(value);
      }
    }
    return true;
  };
  const walk = (item: Item, key: string): boolean => {
    chain.push(item);
    scope[item.depth] = item.values;
    const node = nodeOf(key, chain, model, templates);
    if (node === null) return false;
    const kids: { child: Item; key: string; node: Node }[] = [];
    for (const child of item.children) {
      const childKey = `${key}\n${child.shape}`;
      const childNode = nodeOf(childKey, [...chain, child], model, templates);
      if (childNode === null) return false;
      // A child the templates show nothing of (a post card without its excerpt's runs) is left out, with whatever it holds.
      if (childNode.start === childNode.end) {
        if (child.children.length > 0) return false;
      } else kids.push({ child, key: childKey, node: childNode });
    }
    if (kids.length === 0) {
      node.whole ??= pieces(node.html.slice(node.start, node.end));
      if (!put(node.whole)) return false;
    } else {
      const split = splitOf(node);
      if (split === undefined || !put(split[0])) return false;
      for (const { child, key: childKey } of kids) {
        if (!walk(child, childKey)) return false;
        scope[item.depth] = item.values;
      }
      if (!put(split[1])) return false;
    }
    chain.pop();
    return true;
  };
  return walk(root, root.shape) ? out.join('') : undefined;
}

function splitOf(node: Node): readonly [readonly Piece[], readonly Piece[]] | undefined {
  if (node.split) return node.split;
  const at = node.at;
  if (at === undefined || at < node.start || at > node.end) return undefined;
  node.split = [pieces(node.html.slice(node.start, at)), pieces(node.html.slice(at, node.end))];
  return node.split;
}

/** The node of a chain, learned from its probe document and its parent's when not yet known. */
function nodeOf(key: string, chain: readonly Item[], model: Model, templates: DigestTemplates): Node | null {
  const known = model.nodes.get(key);
  if (known !== undefined) return known;
  const node = learn(key, chain, model, templates);
  model.nodes.set(key, node);
  model.changed = true;
  if (node !== null) model.learned++;
  return node;
}

function learn(key: string, chain: readonly Item[], model: Model, templates: DigestTemplates): Node | null {
  const html = probe(chain, model, templates);
  if (html === undefined) return null;
  if (chain.length === 1) return { html, start: 0, end: html.length };
  const parentKey = key.slice(0, key.lastIndexOf('\n'));
  const parent = model.nodes.get(parentKey);
  if (parent === undefined || parent === null) return null;
  const added = html.length - parent.html.length;
  if (added < 0) return null;
  let at = parent.at;
  if (at === undefined && added === 0) return html === parent.html ? { html, start: 0, end: 0 } : null;
  if (at === undefined) {
    at = commonPrefix(parent.html, html);
    // Never inside a token: a fragment must hold its tokens whole.
    const token = html.lastIndexOf(TOKEN_START, at);
    if (token !== -1 && html.indexOf('%%', token + TOKEN_START.length) + 2 > at) at = token;
  }
  if (!html.startsWith(parent.html.slice(0, at)) || html.slice(at + added) !== parent.html.slice(at)) return null;
  parent.at = at;
  return { html, start: at, end: at + added };
}

/** The MJML of the chain's probe document compiled: one item of each level, the last one's own array empty. */
function probe(chain: readonly Item[], model: Model, templates: DigestTemplates): string | undefined {
  let view: Record<string, unknown> | undefined;
  for (let i = chain.length - 1; i >= 0; i--) {
    const item = chain[i];
    if (item === undefined) return undefined;
    const level = LEVELS[item.depth];
    view = view === undefined || level === undefined ? { ...item.stencil } : { ...item.stencil, [level]: [view] };
  }
  try {
    const mjml = templates.render(view ?? {});
    for (const key of edgeTokens(mjml)) model.edges.add(key);
    const html = compileMjml(mjml);
    return html.includes(RAW_TOKEN_END) && html.includes(TOKEN_START) && rawToken(html) ? undefined : html;
  } catch {
    return undefined;
  }
}

function rawToken(html: string): boolean {
  return new RegExp(`${TOKEN_START}\\d+_\\d+=%%`).test(html);
}

function pieces(fragment: string): Piece[] {
  const out: Piece[] = [];
  let from = 0;
  for (const m of fragment.matchAll(ESCAPED_TOKEN)) {
    out.push(fragment.slice(from, m.index));
    out.push({ depth: Number(m[1]), n: Number(m[2]) });
    from = m.index + m[0].length;
  }
  out.push(fragment.slice(from));
  return out;
}

function commonPrefix(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

/** Letters, entities, quotes, scripts: a value of each kind where the view has one. */
const AWKWARD = 'Ünïcødé “q” \'s\' "d" & &amp; <b>b</b> <a href="x">x</a> 日本語 עברית  a\tb\nc 🙂\u00a0= `%% 1 < 2 > 0';

/** The view with every value made awkward compiled both ways: the same HTML, or the stencil path is off. */
function awkwardAgrees(view: object, model: Model, templates: DigestTemplates): boolean {
  let counter = 0;
  const odd = (v: unknown): unknown => {
    if (typeof v === 'string') return v === '' ? v : `${AWKWARD} ${counter++}`;
    if (Array.isArray(v)) return v.map(odd);
    if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, inner]) => [k, odd(inner)]));
    return v;
  };
  const awkward = odd(view) as object;
  const root = itemsOf(awkward);
  if (root === undefined) return false;
  try {
    return assemble(root, model, templates) === compileMjml(templates.render(awkward));
  } catch {
    return false;
  }
}

/**
 * What was learned for these templates, to be kept across processes (the
 * build keeps it beside its list of files: build/stencil-file.ts); undefined
 * when nothing was learned since the model was restored or last kept (stencilKept).
 */
export function stencilSnapshot(templates: DigestTemplates): StencilSnapshot | undefined {
  const model = models.get(templates);
  if (!model?.changed) return undefined;
  return snapshotOf(model, templates.fingerprint);
}

/** The snapshot taken last is kept (written): the next stencilSnapshot is undefined until something more is learned. A snapshot not kept is taken again. */
export function stencilKept(templates: DigestTemplates): void {
  const model = models.get(templates);
  if (model !== undefined) model.changed = false;
}

/** Whether the model has started (learned, checked or turned off): then a kept snapshot would be ignored, and need not be read. */
export function stencilStarted(templates: DigestTemplates): boolean {
  const model = models.get(templates);
  return model !== undefined && (model.nodes.size > 0 || model.checked || model.off);
}

/**
 * Starts the stencil path of these templates from what an earlier process
 * learned for them (stencilSnapshot), so that an issue made of fragments
 * seen before needs no MJML at all. Only into a model that has learned
 * nothing yet, and only a snapshot of these templates (by fingerprint; the
 * caller keys it by the code's version too): anything else, or anything
 * malformed, is ignored (false) and the fragments are learned again.
 */
export function restoreStencil(templates: DigestTemplates, snapshot: unknown): boolean {
  const model = modelOf(templates);
  if (model.nodes.size > 0 || model.checked || model.off) return false;
  return restoreModel(model, snapshot, templates.fingerprint);
}

/** What the stencil path holds for these templates: fragments learned, and whether it was turned off (for tests and benches). */
export function stencilState(templates: DigestTemplates): { readonly fragments: number; readonly joined: number; readonly off: boolean } {
  const model = models.get(templates);
  return { fragments: model?.learned ?? 0, joined: model?.joined ?? 0, off: model?.off ?? false };
}
