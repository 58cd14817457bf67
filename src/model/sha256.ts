import * as crypto from 'node:crypto';

/**
 * Here rather than in text/ because the model's body hash (post-body.ts)
 * needs it and the model imports nothing of the rooms above it.
 *
 * sha256 (hex) of the text (UTF-8): one string hashed in one call, the same
 * digest as feeding its pieces to update() one by one, at a third of the
 * cost for 10,000 posts (crypto.hash, Node 20.12 and later; createHash
 * before).
 */
const oneShot = (crypto as { hash?: (algorithm: string, data: string, encoding: 'hex') => string }).hash;

export function sha256(text: string): string {
  return oneShot === undefined ? crypto.createHash('sha256').update(text).digest('hex') : oneShot('sha256', text, 'hex');
}
