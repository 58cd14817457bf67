/**
 * What a post's file name says, as Jekyll reads it: `2011-04-27-my-post.md`
 * is dated 27 April 2011 and has the slug `my-post`. A page bundle
 * (`2011-04-27-my-post/index.md`, as Hugo allows) is named by its folder.
 */
import { readPostDate } from '../shared/dates.js';

export interface FileName {
  /** `YYYY-MM-DD`, when the name starts with a real date. */
  date?: string;
  /** The rest of the name after the date, without its extension. */
  slug?: string;
}

const DATED = /^(\d{4}-\d{1,2}-\d{1,2})-(.+?)(?:\.[^.]+)?$/;

export function readFileName(path: string): FileName {
  const parts = path.split(/[\\/]/);
  const base = parts.at(-1) ?? '';
  const name = /^_?index\.[^.]+$/i.test(base) ? (parts.at(-2) ?? '') : base;
  const dated = DATED.exec(name);
  if (!dated) return {};
  const date = readPostDate(dated[1] ?? '');
  const slug = dated[2]?.trim();
  if (!date.ok) return {};
  return { date: date.value, ...(slug !== undefined && slug !== '' && { slug }) };
}
