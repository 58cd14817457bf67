/**
 * Small helpers the providers' mappings share: reading untyped JSON
 * safely, Message-IDs in one shape, excerpts of bounded size, and the
 * delivery token of a VERP envelope sender. Pure.
 */

export type Json = Record<string, unknown>;

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function str(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

export function obj(value: unknown): Json {
  return isObject(value) ? value : {};
}

export function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** A Message-ID with its angle brackets (`<id@host>`), as tidings stores them; null when there is none. */
export function messageIdOf(value: unknown): string | null {
  const text = str(value);
  if (text === null) return null;
  const bare = text.replace(/^<|>$/g, '');
  return bare.includes('@') ? `<${bare}>` : null;
}

/** The delivery token of a VERP envelope sender `bounces+<token>@domain` (inbound18's format), or null. */
export function verpToken(value: unknown): string | null {
  const text = str(value);
  const m = text === null ? null : /^<?bounces\+([^@\s<>]+)@[^@\s<>]+>?$/i.exec(text);
  return m?.[1] ?? null;
}

/** An enhanced status code (RFC 3463: "5.1.1") found in a text, or null. */
export function enhancedStatus(text: unknown): string | null {
  const value = str(text);
  const m = value === null ? null : /\b([245]\.\d{1,3}\.\d{1,3})\b/.exec(value);
  return m?.[1] ?? null;
}

/** ISO 8601 of a date string or Unix seconds; `fallback` (when it reached us) when it is neither. */
export function isoTime(value: unknown, fallback: Date): string {
  if (typeof value === 'number' && Number.isFinite(value)) return new Date(value * 1000).toISOString();
  const text = str(value);
  if (text !== null) {
    if (/^\d+(\.\d+)?$/.test(text)) return new Date(Number(text) * 1000).toISOString();
    const parsed = Date.parse(text);
    if (!Number.isNaN(parsed)) return new Date(parsed).toISOString();
  }
  return fallback.toISOString();
}

const EXCERPT_LIMIT = 4000;

/** The evidence as the provider sent it (JSON), cut to a few kB. */
export function excerptOf(value: unknown): string {
  const text = JSON.stringify(value) ?? '';
  return text.length <= EXCERPT_LIMIT ? text : `${text.slice(0, EXCERPT_LIMIT - 1)}…`;
}

/** An address (from `Name <a@b>` too), as the report gives it, or null when it is not one. */
export function recipientOf(value: unknown): string | null {
  const text = str(value);
  if (text === null) return null;
  const m = /<([^<>@\s]+@[^<>@\s]+)>/.exec(text);
  const address = (m?.[1] ?? text).trim();
  return /^[^\s@]+@[^\s@]+$/.test(address) ? address : null;
}
