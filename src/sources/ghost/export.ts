/**
 * The shape of a Ghost export (Settings → Labs → Export), as Ghost's
 * exporter writes it (ghost/core/core/server/data/exporter): one object per
 * database table under `data`, wrapped as `{"db": [{"meta", "data"}]}` by the
 * admin API; the bare `{"meta", "data"}` is read too. Only the tables and
 * columns tidings uses are typed here; everything else is not read.
 */
import type { Json, JsonObject } from '../json-feed/json.js';
import { isObject } from '../json-feed/json.js';

export interface GhostData {
  posts: JsonObject[];
  tags: Map<string, JsonObject>;
  users: Map<string, JsonObject>;
  /** post id -> tag ids, in `sort_order`. */
  postTags: Map<string, string[]>;
  /** post id -> author ids, in `sort_order`. */
  postAuthors: Map<string, string[]>;
  settings: Map<string, string>;
}

/** The export's tables, or null when the value is not a Ghost export. */
export function ghostData(root: Json): GhostData | null {
  let envelope: Json | undefined = root;
  if (isObject(root) && Array.isArray(root.db)) envelope = root.db[0];
  if (!isObject(envelope) || !isObject(envelope.data)) return null;
  const data = envelope.data;
  const rows = (name: string): JsonObject[] => {
    const table = data[name];
    return Array.isArray(table) ? table.filter(isObject) : [];
  };
  const byId = (name: string): Map<string, JsonObject> => new Map(rows(name).map((row) => [idOf(row.id), row]));
  const settings = new Map<string, string>();
  for (const row of rows('settings')) {
    if (typeof row.key === 'string' && typeof row.value === 'string') settings.set(row.key, row.value);
  }
  return {
    posts: rows('posts'),
    tags: byId('tags'),
    users: byId('users'),
    postTags: relation(rows('posts_tags'), 'tag_id'),
    postAuthors: relation(rows('posts_authors'), 'author_id'),
    settings,
  };
}

/** An id as a string: Ghost ≥ 1.0 uses 24-hex strings, older exports numbers. */
export function idOf(value: Json | undefined): string {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
}

function relation(rows: readonly JsonObject[], key: string): Map<string, string[]> {
  const sorted = [...rows].sort((a, b) => num(a.sort_order) - num(b.sort_order));
  const map = new Map<string, string[]>();
  for (const row of sorted) {
    const post = idOf(row.post_id);
    const other = idOf(row[key]);
    if (post === '' || other === '') continue;
    const list = map.get(post) ?? [];
    if (!list.includes(other)) list.push(other);
    map.set(post, list);
  }
  return map;
}

function num(value: Json | undefined): number {
  return typeof value === 'number' ? value : 0;
}
