import type { SourceFormat, SourceRef } from '../../model/raw-post.js';
import type { PostIndexEntry } from '../store.js';

type IndexSource = PostIndexEntry['sources'][number];

/**
 * Readers for the JSON the store writes itself (theme lists, import-run
 * counts and diagnostics, and the source lists aggregated by the read
 * queries). They check the shape instead of trusting it, so a damaged
 * database is reported as such rather than handing out malformed posts.
 */
export function parseStringArray(json: string, column: string): string[] {
  const value: unknown = JSON.parse(json);
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
    throw corrupt(column, json);
  }
  return value;
}

export function parseSources(json: string): SourceRef[] {
  return parseObjects(json, 'post_sources').map((item) => ({
    file: stringField(item, 'file'),
    format: stringField(item, 'format') as SourceFormat,
    line: numberField(item, 'line'),
    slot: stringField(item, 'slot'),
    hash: stringField(item, 'hash'),
  }));
}

export function parseIndexSources(json: string): IndexSource[] {
  return parseObjects(json, 'post_sources').map((item) => ({
    file: stringField(item, 'file'),
    slot: stringField(item, 'slot'),
    hash: stringField(item, 'hash'),
    format: stringField(item, 'format') as SourceFormat,
  }));
}

export function parseNumberRecord<K extends string>(json: string, column: string, keys: readonly K[]): Record<K, number> {
  const value: unknown = JSON.parse(json);
  if (!isRecord(value)) throw corrupt(column, json);
  const result = {} as Record<K, number>;
  for (const key of keys) result[key] = numberField(value, key);
  return result;
}

function parseObjects(json: string, column: string): Record<string, unknown>[] {
  const value: unknown = JSON.parse(json);
  if (!Array.isArray(value) || !value.every(isRecord)) throw corrupt(column, json);
  return value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringField(item: Record<string, unknown>, key: string): string {
  const value = item[key];
  if (typeof value !== 'string') throw corrupt(key, JSON.stringify(item));
  return value;
}

function numberField(item: Record<string, unknown>, key: string): number {
  const value = item[key];
  if (typeof value !== 'number') throw corrupt(key, JSON.stringify(item));
  return value;
}

function corrupt(column: string, json: string): Error {
  const excerpt = json.length > 80 ? `${json.slice(0, 80)}…` : json;
  return new Error(`the store is damaged: unexpected ${column} value ${excerpt}`);
}
