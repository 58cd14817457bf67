import type { Config } from '../config/schema.js';
import type { Issue } from '../digest/model.js';
import type { FeedDocument, FeedFormat } from '../feeds/model.js';
import type { Post } from '../model/post.js';
import { bodyHashOf, hasBodyFacts } from '../model/post-body.js';
import { sha256 } from '../model/sha256.js';

/**
 * What each output of a build is made from, as one key: an output whose key
 * is what the last build recorded for it (and whose file is still as that
 * build left it) is neither rendered nor read again (build-site.ts).
 *
 * Every key starts from the build's environment: the code's version, the
 * whole config, the roundup and sign-up templates. Then come the
 * fingerprints of the posts the output shows (every field of each, as
 * stored and as the build resolved it: address, links) and whatever else
 * of the plan it shows (a feed page's links and dates, a roundup's
 * number). Everything an output holds is a pure function of these: the
 * renderers read nothing else (no clock, no file).
 */
export interface OutputKeys {
  /** The environment, hashed. */
  readonly environment: string;
  /** A post's fingerprint (undefined for a post the build was not given). */
  post(id: string): string | undefined;
  /** A roundup's fingerprint: its id, number, withdrawn count and its posts' fingerprints in order. */
  issue(issue: Issue): string;
  /** The key of one output: the environment and these parts. */
  of(...parts: readonly string[]): string;
  /** The key of a feed document in one format (its entries: posts' or roundups' fingerprints). */
  feed(doc: FeedDocument, format: FeedFormat, entry: (entryId: string) => string | undefined): string;
}

export interface KeyEnvironment {
  /** codeVersion(): the code that renders. */
  readonly code: string;
  readonly config: Config;
  /** The compiled roundup templates' fingerprint, when the roundups are built. */
  readonly templates?: string;
  /** The sign-up template's source, when the pages link to the subscription page. */
  readonly signUp?: string;
}

/** The environment of a build, hashed: what every key starts from. */
export function environmentKey(setting: KeyEnvironment): string {
  return digest(['tidings build', setting.code, JSON.stringify(setting.config), setting.templates ?? '-', setting.signUp ?? '-']);
}

/** The keys of a build over these posts (fingerprinted once each, here), in its environment (environmentKey). */
export function outputKeys(posts: readonly Post[], environment: string): OutputKeys {
  const fingerprints = new Map<string, string>();
  for (const post of posts) fingerprints.set(post.id, postFingerprint(post));
  const issues = new WeakMap<Issue, string>();
  const keys: OutputKeys = {
    environment,
    post: (id) => fingerprints.get(id),
    issue(issue) {
      let key = issues.get(issue);
      if (key === undefined) {
        key = digest([issue.id, String(issue.number), String(issue.withdrawn ?? 0), ...issue.posts.map((p) => `${p.id}=${fingerprints.get(p.id) ?? '?'}`)]);
        issues.set(issue, key);
      }
      return key;
    },
    of: (...parts) => digest([environment, ...parts]),
    feed(doc, format, entry) {
      // Everything of the document but its entries, which count by their fingerprints.
      const head = JSON.stringify({ ...doc, entries: doc.entries.length, format });
      return keys.of('feed', head, ...doc.entries.map((e) => `${e.id}=${entry(e.id) ?? '?'}`));
    },
  };
  return keys;
}

/**
 * Every field of the post, hashed. The body and its text count by their
 * hash (model/post-body.ts): the stored one when the store read the post
 * without its body, so that keying a build reads no body; worked out from
 * them otherwise, the same. Escaping 10,000 bodies into one string each
 * through JSON.stringify was most of a build's keying time.
 */
export function postFingerprint(post: Post): string {
  // The other fields, in their order, without touching the body's (a lazy post reads them when they are).
  const fields: string[] = [];
  const values: unknown[] = [];
  for (const field of Object.keys(post) as (keyof Post)[]) {
    if (field === 'html' || field === 'text') continue;
    fields.push(field);
    values.push(post[field]);
  }
  // A body the store vouched for (model/post-body.ts) counts by its stored hash; one read with the post, by the strings themselves.
  const body = hasBodyFacts(post) ? undefined : [post.html, post.text];
  const known = fingerprints.get(post);
  if (known !== undefined && same(known.fields, fields) && same(known.values, values) && same(known.body ?? [], body ?? []) && (known.body === undefined) === (body === undefined)) return known.fingerprint;
  const rest: Record<string, unknown> = {};
  fields.forEach((field, i) => (rest[field] = values[i]));
  const fingerprint = sha256(`${JSON.stringify(rest)}\0${bodyHashOf(post)}`);
  fingerprints.set(post, body === undefined ? { fields, values, fingerprint } : { fields, values, body, fingerprint });
  return fingerprint;
}

/**
 * Each post's fingerprint, with the values it was made from, kept as long
 * as the post object is: a caller that holds its posts from one build to
 * the next (the preview, preview/session/post-list.ts) hashes only the
 * posts that changed (at 10,000 posts that was 250-280 ms of every save's
 * build). Used again only while every field holds the same value (the
 * same string, the same array): a field given a new value in place is
 * hashed again. An array changed in place (a tag pushed) is not seen;
 * nothing in tidings does that to a post it has read.
 */
const fingerprints = new WeakMap<Post, { readonly fields: readonly string[]; readonly values: readonly unknown[]; readonly body?: readonly unknown[]; readonly fingerprint: string }>();

function same(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** sha256 (hex) of the parts, each ended by a NUL. */
export function digest(parts: readonly string[]): string {
  return sha256(`${parts.join('\0')}\0`);
}
