import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';

/**
 * The signed parts of a click link, `<base>/r/<issue>/<link>[/<reader>]`.
 * A link token names one post of one issue and the address it goes to:
 * `<post id>.<address, base64url>.<MAC>`; the MAC (HMAC-SHA256 with a key
 * derived from the site's secret, cut to 128 bits) covers the issue, the
 * post and the address, so the redirect only ever sends a reader where
 * tidings itself sent them: no open redirect. It names no subscriber and is
 * the same in every copy of the issue. A reader token (only with
 * engagement.perSubscriber) names the subscriber: `<subscriber id>.<MAC>`
 * over the issue and that id. Pure apart from the crypto.
 */

export interface ClickLink {
  readonly issueId: string;
  readonly postId: string;
  /** An absolute http(s) URL. */
  readonly url: string;
}

export interface ClickSigner {
  /** The link token of a post in an issue. */
  link(link: ClickLink): string;
  /** What a link token says, or null when it is not one tidings signed for this issue. */
  readLink(issueId: string, token: string): ClickLink | null;
  /** The reader token of a subscriber in an issue. */
  reader(issueId: string, subscriberId: number): string;
  /** The subscriber a reader token names, or null when it is not one tidings signed for this issue. */
  readReader(issueId: string, token: string): number | null;
}

const MAC_BYTES = 16;
/** Longest reader token: 16 digits, a dot and a 22-character MAC. */
export const MAX_READER_TOKEN = 39;
/** Longest token read: a long address stays well under it. */
export const MAX_CLICK_TOKEN = 4096;
const ISSUE_ID = /^[A-Za-z0-9-]{1,40}$/;
const POST_ID = /^[A-Za-z0-9_-]{1,64}$/;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

export function createClickSigner(secret: string): ClickSigner {
  if (secret.length === 0) throw new Error('click signer: the secret is empty');
  const key = Buffer.from(hkdfSync('sha256', secret, '', 'tidings-clicks-v1', 32));
  const mac = (...fields: string[]): Buffer => createHmac('sha256', key).update(fields.join('\0')).digest().subarray(0, MAC_BYTES);
  const macMatches = (given: string, expected: Buffer): boolean => {
    if (!BASE64URL.test(given)) return false;
    const bytes = Buffer.from(given, 'base64url');
    return bytes.length === MAC_BYTES && bytes.toString('base64url') === given && timingSafeEqual(bytes, expected);
  };

  return {
    link({ issueId, postId, url }) {
      if (!ISSUE_ID.test(issueId) || !POST_ID.test(postId) || !/^https?:\/\//i.test(url)) throw new RangeError(`click signer: cannot sign ${issueId} ${postId} ${url.slice(0, 100)}`);
      return `${postId}.${Buffer.from(url, 'utf8').toString('base64url')}.${mac('link', issueId, postId, url).toString('base64url')}`;
    },
    readLink(issueId, token) {
      if (!ISSUE_ID.test(issueId) || token.length > MAX_CLICK_TOKEN) return null;
      const [postId, address, given, ...rest] = token.split('.');
      if (postId === undefined || address === undefined || given === undefined || rest.length > 0) return null;
      if (!POST_ID.test(postId) || !BASE64URL.test(address)) return null;
      const bytes = Buffer.from(address, 'base64url');
      // Only the one spelling tidings writes: a token changed anywhere is refused.
      if (bytes.toString('base64url') !== address) return null;
      const url = bytes.toString('utf8');
      if (!macMatches(given, mac('link', issueId, postId, url))) return null;
      // Signed, so tidings made it; checked again all the same.
      if (!/^https?:\/\//i.test(url)) return null;
      return { issueId, postId, url };
    },
    reader(issueId, subscriberId) {
      if (!ISSUE_ID.test(issueId) || !Number.isSafeInteger(subscriberId) || subscriberId < 1) throw new RangeError(`click signer: no reader token for ${issueId} ${subscriberId}`);
      return `${subscriberId}.${mac('reader', issueId, String(subscriberId)).toString('base64url')}`;
    },
    readReader(issueId, token) {
      if (!ISSUE_ID.test(issueId) || token.length > MAX_READER_TOKEN) return null;
      const m = /^([1-9][0-9]{0,15})\.([A-Za-z0-9_-]+)$/.exec(token);
      if (m === null) return null;
      const id = Number(m[1]);
      if (!Number.isSafeInteger(id) || !macMatches(m[2] ?? '', mac('reader', issueId, String(id)))) return null;
      return id;
    },
  };
}

/** The reader part of a click link that names nobody (a test copy, a build's sample): never empty, so that it can be spliced. */
export const NO_READER = '-';

/** Where the redirect answers, below the site's base URL. */
export const CLICK_PATH = 'r';
