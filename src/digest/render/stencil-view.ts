import Handlebars from 'handlebars';

/**
 * A roundup's view (view.ts) as a tree of items for the stencil path
 * (stencil.ts): the view itself, its sections, their posts, an excerpt's
 * runs. Each item's values are replaced by placeholder tokens; what is left
 * (which values are empty, the booleans) is its shape, and items of one
 * shape compile to the same HTML but for the tokens.
 */

/** The array each depth repeats: the view's sections, a section's posts, a post's excerpt runs. */
export const LEVELS = ['sections', 'posts', 'excerptParts'] as const;

const NONCE = 'Q7VX2K';

/**
 * A token ends in `=`, which Handlebars escapes: in the MJML it reads
 * `…&#x3D;%%`, so a value output raw ({{{ }}}) shows as `=%%` and the
 * template is left to the full compile.
 */
export const TOKEN_START = `%%TS_${NONCE}_`;
export const ESCAPED_TOKEN = new RegExp(`%%TS_${NONCE}_(\\d+)_(\\d+)&#x3D;%%`, 'g');
export const RAW_TOKEN_END = '=%%';

/** Every stencil JSON seen, numbered: the keys of the fragment cache stay short. */
const shapes = new Map<string, string>();
const shapeJsons = new Map<string, string>();

/** The id of a stencil JSON, given on first sight (ids differ from process to process: see stencil.ts restore). */
export function shapeId(json: string): string {
  let id = shapes.get(json);
  if (id === undefined) {
    id = shapes.size.toString(36);
    shapes.set(json, id);
    shapeJsons.set(id, json);
  }
  return id;
}

/** The stencil JSON an id was given to in this process. */
export function shapeJson(id: string): string | undefined {
  return shapeJsons.get(id);
}

/** Every value path ever seen, numbered: `issue.subject` → 3. */
const paths = new Map<string, number>();
const pathNames: string[] = [];

/** The number of a value path, given on first sight (like shape ids, per process). */
export function pathNumber(path: string): number {
  let n = paths.get(path);
  if (n === undefined) {
    n = paths.size;
    paths.set(path, n);
    pathNames[n] = path;
  }
  return n;
}

/** The value path a number was given to in this process. */
export function pathName(n: number): string | undefined {
  return pathNames[n];
}

function tokenOf(depth: number, path: string): { token: string; n: number } {
  const n = pathNumber(path);
  return { token: `${TOKEN_START}${depth}_${n}=%%`, n };
}

export interface Item {
  readonly depth: number;
  /** The item with each non-empty value a token and its own array empty: what probe documents are made of. */
  readonly stencil: Readonly<Record<string, unknown>>;
  /** Names the stencil (short, one per distinct stencil JSON): items of one shape differ only in their values. */
  readonly shape: string;
  /** Token number → the value as `{{ }}` writes it (escaped). */
  readonly values: ReadonlyMap<number, string>;
  readonly children: readonly Item[];
}

class Unsupported extends Error {}

/**
 * The view as items, or undefined when a value is one the stencil path does
 * not vouch for (see passes) or the view holds an array it does not repeat
 * (the list of posts "N more" names in a clipped issue).
 */
export function itemsOf(view: object): Item | undefined {
  try {
    return item(view as Record<string, unknown>, 0);
  } catch (error) {
    if (error instanceof Unsupported) return undefined;
    throw error;
  }
}

function item(value: Record<string, unknown>, depth: number): Item {
  const own = LEVELS[depth];
  const values = new Map<number, string>();
  const children: Item[] = [];
  const stencil: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (key === own && Array.isArray(v)) {
      for (const child of v) {
        if (child === null || typeof child !== 'object') throw new Unsupported();
        children.push(item(child as Record<string, unknown>, depth + 1));
      }
      stencil[key] = [];
    } else stencil[key] = leaf(v, depth, key, values);
  }
  return { depth, stencil, shape: shapeId(JSON.stringify(stencil)), values, children };
}

function leaf(v: unknown, depth: number, path: string, values: Map<number, string>): unknown {
  if (typeof v === 'string' || typeof v === 'number') {
    // Empty and zero stay: {{#if}} sees them; anything else is a token (truthy too).
    if (v === '' || v === 0) return v;
    const text = String(v);
    if (!passes(text)) throw new Unsupported();
    const { token, n } = tokenOf(depth, path);
    values.set(n, Handlebars.escapeExpression(text));
    return token;
  }
  if (v === null || v === undefined || typeof v === 'boolean') return v;
  if (Array.isArray(v)) {
    if (v.length === 0) return v;
    throw new Unsupported();
  }
  if (typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(v)) out[key] = leaf(inner, depth, `${path}.${key}`, values);
    return out;
  }
  throw new Unsupported();
}

/**
 * A value the stencil path fills in: one MJML and juice pass through
 * unchanged wherever a template puts it inside mj-text (stencil.ts checks
 * the template for the rest, and whitespace at either end where MJML
 * trims). Not: a whitespace-only value, control characters and CR (the
 * HTML parsers may rewrite them), `{{` or `}}` (juice takes them for
 * template code blocks).
 */
export function passes(value: string): boolean {
  // eslint-disable-next-line no-control-regex -- control characters are what it looks for
  return value.trim() !== '' && !/[\u0000-\u0008\u000b-\u001f\u007f]/.test(value) && !value.includes('{{') && !value.includes('}}');
}

/** Whitespace at either end of a value. */
export function padded(value: string): boolean {
  return value !== value.trim();
}

/**
 * The tokens of a probe document's MJML that MJML would trim: at either
 * end of an MJML element's content or in an MJML element's attributes
 * (keys as tokenKey makes them).
 */
export function edgeTokens(mjml: string): number[] {
  const t = `${TOKEN_START}(\\d+)_(\\d+)&#x3D;%%`;
  const out: number[] = [];
  const add = (m: RegExpMatchArray): void => {
    out.push(tokenKey(Number(m[1]), Number(m[2])));
  };
  for (const re of [new RegExp(`<mj[\\w-]*(?:\\s[^>]*)?>\\s*${t}`, 'g'), new RegExp(`${t}\\s*</mj[\\w-]*>`, 'g')]) for (const m of mjml.matchAll(re)) add(m);
  for (const tag of mjml.matchAll(/<mj[\w-]*\s[^>]*>/g)) for (const m of tag[0].matchAll(ESCAPED_TOKEN)) add(m);
  return out;
}

export function tokenKey(depth: number, n: number): number {
  return depth * 1_000_000 + n;
}
