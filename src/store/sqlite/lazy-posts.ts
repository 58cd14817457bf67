import type Database from 'better-sqlite3';
import { attachBodyFacts } from '../../model/post-body.js';
import type { Post } from '../../model/post.js';
import { attachRowPeriods, rowToPost, rowToPostHead, type PeriodColumns, type PostRow } from '../rows/post-rows.js';

/** A post row read without its body: html and text only where the post has no post_bodies row (migration 21). */
export interface LazyPostRow extends Omit<PostRow, 'html' | 'text'>, PeriodColumns {
  html: string | null;
  text: string | null;
  body_hash: string | null;
  body_links: number | null;
}

/** The columns of a LazyPostRow in place of `p.text, p.html`, for a query that joins post_bodies AS b. */
export const LAZY_BODY_COLUMNS = `CASE WHEN b.post_id IS NULL THEN p.text END AS text,
  CASE WHEN b.post_id IS NULL THEN p.html END AS html, b.hash AS body_hash, b.relative_links AS body_links`;

interface Body {
  html: string;
  text: string;
}

/** How a lazy post reads its body, and the body once read. */
interface Pending {
  readonly read: () => Body;
  body?: Body;
}

const pending = new WeakMap<object, Pending>();

function bodyOf(post: object): Body {
  const state = pending.get(post);
  if (state === undefined) throw new Error('a post read without its body has lost its way to the store');
  return (state.body ??= state.read());
}

// One getter for every lazy post (it finds the post's body by `this`): posts made alike share one shape, and
// property reads on them stay fast, where a getter per post would put each post in a dictionary of its own.
function lazyHtml(this: object): string {
  return bodyOf(this).html;
}
function lazyText(this: object): string {
  return bodyOf(this).text;
}
const HTML: PropertyDescriptor = { enumerable: true, configurable: true, get: lazyHtml };
const TEXT: PropertyDescriptor = { enumerable: true, configurable: true, get: lazyText };

/**
 * Makes Posts whose html and text are read from the store when first read
 * (one query for both, once per post), with their body facts attached. A
 * post without stored facts comes whole. The bodies are read outside the
 * listing's transaction: a post written meanwhile gives its new body, and
 * its new hash to the next build. A copy (`{ ...post }`) reads the body.
 */
export function prepareLazyPosts(db: Database.Database): (row: LazyPostRow) => Post {
  const bodyRow = db.prepare<[string], Body>('SELECT html, text FROM posts WHERE id = ?');
  return (row) => {
    const hash = row.body_hash;
    if (hash === null) return attachRowPeriods(rowToPost({ ...row, html: row.html ?? '', text: row.text ?? '' }), row);
    const head = rowToPostHead(row);
    Object.defineProperty(head, 'html', HTML);
    Object.defineProperty(head, 'text', TEXT);
    const { id } = row;
    pending.set(head, {
      read: () => {
        const body = bodyRow.get(id);
        if (body === undefined) throw new Error(`post ${id} was removed from the store while it was being read; run the command again`);
        return body;
      },
    });
    // The getters above are html and text.
    const post = head as Post;
    attachBodyFacts(post, { hash, relativeLinks: row.body_links === 1 });
    return attachRowPeriods(post, row);
  };
}
