import type { Config } from '../config/schema.js';
import { listId } from '../subscribers/list-id.js';
import { domainOf, parseMailbox } from '../subscribers/mailbox.js';

/**
 * The Feedback-ID header of a roundup, in the format of Gmail's feedback
 * loop, `a:b:c:SenderId`: the issue (`2019-W31`), the list (the List-Id,
 * `roundup.blog.example.org`), the kind of mail (`roundup`) and the sender
 * (the From domain), so that Gmail's Postmaster Tools count complaints per
 * issue and per list. Colons and spaces inside a part are replaced, since
 * the colon separates them. The same for every recipient of an issue. Pure.
 */
export function feedbackId(config: Pick<Config, 'site' | 'email'>, issueId: string): string {
  let sender = 'localhost';
  try {
    sender = domainOf(parseMailbox(config.email.from).address);
  } catch {
    // buildMessage reports an unusable From.
  }
  const part = (value: string): string => value.replace(/[:\s]+/g, '-');
  return [issueId, listId(config).url, 'roundup', sender].map(part).join(':');
}
