import type { Model, Node } from './stencil-model.js';
import { pathName, pathNumber, shapeId, shapeJson, TOKEN_START } from './stencil-view.js';

/**
 * A stencil model (stencil.ts) as plain JSON, to outlive its process. Shape
 * ids and token numbers are given per process in the order first seen
 * (stencil-view.ts), so the snapshot carries what each one stood for, and a
 * restore numbers them again in its own process (the same numbers in a
 * fresh one) and rewrites the keys, the probe documents and their offsets.
 */
export interface StencilSnapshot {
  readonly format: typeof FORMAT;
  /** The templates' fingerprint: a snapshot is only ever restored into the same template version. */
  readonly templates: string;
  /** Shape id → its stencil JSON, for every id a key names. */
  readonly shapes: Readonly<Record<string, string>>;
  /** Token number → its value path, for every token the documents hold. */
  readonly paths: Readonly<Record<string, string>>;
  readonly nodes: readonly (readonly [key: string, node: SnapshotNode | null])[];
  readonly edges: readonly number[];
  readonly checked: boolean;
  readonly off: boolean;
}

interface SnapshotNode {
  readonly html: string;
  readonly start: number;
  readonly end: number;
  readonly at?: number;
}

const FORMAT = 1;
const DEPTH = 1_000_000;
const TOKEN_NUMBER = new RegExp(`${TOKEN_START}(\\d+)_(\\d+)`, 'g');
const TOKEN_IN_JSON = new RegExp(`${TOKEN_START}\\d+_(\\d+)`, 'g');

export function snapshotOf(model: Model, templates: string): StencilSnapshot {
  const shapes: Record<string, string> = {};
  const paths: Record<string, string> = {};
  const notePaths = (text: string): void => {
    for (const m of text.matchAll(TOKEN_IN_JSON)) {
      const name = pathName(Number(m[1]));
      if (name !== undefined) paths[m[1] ?? ''] = name;
    }
  };
  const nodes: [string, SnapshotNode | null][] = [];
  for (const [key, node] of model.nodes) {
    for (const id of key.split('\n')) {
      const json = shapeJson(id);
      if (json === undefined || shapes[id] !== undefined) continue;
      shapes[id] = json;
      notePaths(json);
    }
    if (node !== null) notePaths(node.html);
    nodes.push([key, node && { html: node.html, start: node.start, end: node.end, ...(node.at !== undefined && { at: node.at }) }]);
  }
  for (const edge of model.edges) {
    const name = pathName(edge % DEPTH);
    if (name !== undefined) paths[String(edge % DEPTH)] = name;
  }
  return { format: FORMAT, templates, shapes, paths, nodes, edges: [...model.edges], checked: model.checked, off: model.off };
}

class Malformed extends Error {}

/** Fills an empty model from a snapshot of the same templates; false (the model left empty) when it is not one. */
export function restoreModel(model: Model, value: unknown, templates: string): boolean {
  if (!isSnapshot(value) || value.templates !== templates) return false;
  try {
    const restored = renumbered(value);
    for (const [key, node] of restored.nodes) model.nodes.set(key, node);
    for (const edge of restored.edges) model.edges.add(edge);
    model.learned = restored.learned;
    model.checked = value.checked;
    model.off = value.off;
    model.changed = false;
    return true;
  } catch (error) {
    if (error instanceof Malformed) return false;
    throw error;
  }
}

function renumbered(snapshot: StencilSnapshot): { nodes: [string, Node | null][]; edges: number[]; learned: number } {
  // In increasing order: in a process that has numbered nothing yet, each keeps its number.
  const numbers = new Map<number, number>();
  for (const [old, name] of Object.entries(snapshot.paths).sort((a, b) => Number(a[0]) - Number(b[0]))) numbers.set(Number(old), pathNumber(name));
  const number = (old: number): number => {
    const n = numbers.get(old);
    if (n === undefined) throw new Malformed();
    return n;
  };
  const retoken = (text: string): string => text.replace(TOKEN_NUMBER, (_m, depth: string, n: string) => `${TOKEN_START}${depth}_${number(Number(n))}`);
  const ids = new Map<string, string>();
  const byId = Object.entries(snapshot.shapes).sort((a, b) => parseInt(a[0], 36) - parseInt(b[0], 36));
  for (const [old, json] of byId) ids.set(old, shapeId(retoken(json)));
  const key = (old: string): string =>
    old
      .split('\n')
      .map((id) => {
        const now = ids.get(id);
        if (now === undefined) throw new Malformed();
        return now;
      })
      .join('\n');
  let learned = 0;
  const nodes = snapshot.nodes.map(([old, node]): [string, Node | null] => {
    if (node === null) return [key(old), null];
    learned++;
    return [key(old), retokenNode(node, retoken)];
  });
  const edges = snapshot.edges.map((edge) => Math.floor(edge / DEPTH) * DEPTH + number(edge % DEPTH));
  return { nodes, edges, learned };
}

/** The node's document with its tokens renumbered, its offsets moved with them (none may fall inside a token). */
function retokenNode(node: SnapshotNode, retoken: (text: string) => string): Node {
  const { html, start, end, at } = node;
  const cuts = [...new Set([0, start, end, ...(at === undefined ? [] : [at]), html.length])].sort((a, b) => a - b);
  if (cuts[0] !== 0 || cuts[cuts.length - 1] !== html.length) throw new Malformed();
  const moved = new Map<number, number>([[0, 0]]);
  let out = '';
  for (let i = 1; i < cuts.length; i++) {
    out += retoken(html.slice(cuts[i - 1], cuts[i]));
    moved.set(cuts[i] ?? 0, out.length);
  }
  if (out !== retoken(html)) throw new Malformed();
  const place = (offset: number): number => moved.get(offset) ?? 0;
  return { html: out, start: place(start), end: place(end), ...(at !== undefined && { at: place(at) }) };
}

function isSnapshot(value: unknown): value is StencilSnapshot {
  if (value === null || typeof value !== 'object') return false;
  const v = value as Partial<Record<keyof StencilSnapshot, unknown>>;
  const strings = (record: unknown): boolean => record !== null && typeof record === 'object' && Object.values(record).every((s) => typeof s === 'string');
  const offset = (n: unknown, html: string): boolean => Number.isInteger(n) && (n as number) >= 0 && (n as number) <= html.length;
  const node = (n: unknown): boolean => {
    if (n === null) return true;
    if (typeof n !== 'object') return false;
    const { html, start, end, at } = n as Record<string, unknown>;
    return typeof html === 'string' && offset(start, html) && offset(end, html) && (start as number) <= (end as number) && (at === undefined || offset(at, html));
  };
  return (
    v.format === FORMAT &&
    typeof v.templates === 'string' &&
    strings(v.shapes) &&
    strings(v.paths) &&
    Array.isArray(v.nodes) &&
    v.nodes.every((entry) => Array.isArray(entry) && entry.length === 2 && typeof entry[0] === 'string' && node(entry[1])) &&
    Array.isArray(v.edges) &&
    v.edges.every((edge) => Number.isInteger(edge) && edge >= 0) &&
    typeof v.checked === 'boolean' &&
    typeof v.off === 'boolean'
  );
}
