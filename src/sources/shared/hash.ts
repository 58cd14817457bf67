/** Content hashes for `RawPost.source.hash`: the same text always gives the same hash. */
import { createHash } from 'node:crypto';

/** The SHA-256 of the text's UTF-8 bytes, as lower-case hex. */
export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
