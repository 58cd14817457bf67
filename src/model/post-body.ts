import { sha256 } from './sha256.js';
import type { Post } from './post.js';

/**
 * What a build needs to know of a post's body without reading it: its hash
 * (the post's fingerprint is made from it, build/output-keys.ts) and
 * whether it may hold a relative link or image (build/post-links.ts looks
 * only at those). Worked out when the post is written, kept in the store
 * (post_bodies), and attached to a post read without its body (a listing
 * with `bodies: 'lazy'`), so that a build reads the bodies of only the
 * posts whose outputs it renders.
 */
export interface BodyFacts {
  readonly hash: string;
  readonly relativeLinks: boolean;
}

/** An a/img URL attribute that is neither absolute (a scheme) nor a fragment. */
const RELATIVE_URL = /\s(?:href|src)="(?![a-z][a-z0-9+.-]*:|#)/i;

/** true when the HTML has a link or image that is not absolute: the only ones build/post-links.ts resolves. */
export function mayHaveRelativeLinks(html: string): boolean {
  return RELATIVE_URL.test(html);
}

/** The hash of a body (its HTML and its text), each after its length, so that no two bodies hash the same input. */
export function bodyHash(html: string, text: string): string {
  return sha256(`${html.length}:${html}\0${text.length}:${text}`);
}

export function bodyFactsOf(html: string, text: string): BodyFacts {
  return { hash: bodyHash(html, text), relativeLinks: mayHaveRelativeLinks(html) };
}

/**
 * The facts travel beside the Post, as its period keys do
 * (post-periods.ts): a copy (`{ ...post, html }`) has none, and is hashed
 * and searched from its own body, with the same result for the same body.
 */
const attached = new WeakMap<Post, BodyFacts>();

export function attachBodyFacts(post: Post, facts: BodyFacts): void {
  attached.set(post, facts);
}

/** Whether the store gave the post's body facts (then its body counts by the stored hash). */
export function hasBodyFacts(post: Post): boolean {
  return attached.has(post);
}

/** The post's body hash: the stored one when the store gave it, else worked out from its body. */
export function bodyHashOf(post: Post): string {
  return attached.get(post)?.hash ?? bodyHash(post.html, post.text);
}

/** Whether the post may hold a relative link or image: as stored when the store said, else searched for in its body. */
export function mayLinkRelatively(post: Post): boolean {
  const facts = attached.get(post);
  if (facts !== undefined) return facts.relativeLinks;
  // A post read with its body: searched once per body (the preview asks at every save), again when the HTML is another.
  const { html } = post;
  const searched = searchedBodies.get(post);
  if (searched?.html === html) return searched.relativeLinks;
  const relativeLinks = mayHaveRelativeLinks(html);
  searchedBodies.set(post, { html, relativeLinks });
  return relativeLinks;
}

const searchedBodies = new WeakMap<Post, { readonly html: string; readonly relativeLinks: boolean }>();
