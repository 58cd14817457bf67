import { readFileSync, readdirSync } from 'node:fs';
import type { Block, RawPost } from '../../src/model/raw-post.js';

export const SEED_DIR = new URL('../../content/imports/', import.meta.url);

export interface SeedPost {
  date: string;
  title: string | null;
  files: string[];
}

export interface SeedFilePost {
  date: string;
  title: string | null;
  line: number;
}

export interface SeedExpectations {
  posts: SeedPost[];
  perFile: Record<string, SeedFilePost[]>;
}

export function seedExpectations(): SeedExpectations {
  const url = new URL('../fixtures/seed-posts.json', import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8')) as SeedExpectations;
}

export function seedNames(): string[] {
  return readdirSync(SEED_DIR).filter((name) => name.endsWith('.txt')).sort();
}

export function seedText(name: string): string {
  return readFileSync(new URL(name, SEED_DIR), 'utf8');
}

export function fixtureText(name: string): string {
  return readFileSync(new URL(`../fixtures/text-export/${name}`, import.meta.url), 'utf8');
}

export function blocksOf(post: RawPost | undefined): Block[] {
  if (post === undefined) throw new Error('no such post');
  if (post.body.kind !== 'blocks') throw new Error(`expected blocks, got ${post.body.kind}`);
  return post.body.blocks;
}

/** The text of every paragraph, in order. */
export function paragraphs(post: RawPost | undefined): string[] {
  return blocksOf(post).flatMap((b) => (b.kind === 'paragraph' ? [b.text] : []));
}

export function findPost(posts: RawPost[], date: string, sequence = 0): RawPost | undefined {
  return posts.find((p) => p.published === date && p.sequence === sequence);
}
