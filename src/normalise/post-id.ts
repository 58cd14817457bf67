/**
 * A post's id: what feeds, roundups and the send log hold on to. Its own
 * file, without the date library the fingerprint needs (identity.ts), so
 * that an import that only matches ids loads none.
 */
import { createHash } from 'node:crypto';

export const ID_LENGTH = 16;

export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** sha256 of the id the source states, else of the fingerprint: the first 16 hex digits. */
export function postId(explicitId: string | undefined, postFingerprint: string): string {
  const key = explicitId !== undefined && explicitId.trim() !== '' ? explicitId.trim() : postFingerprint;
  return sha256(key).slice(0, ID_LENGTH);
}
