import type { DKIMOptions } from 'nodemailer';

/**
 * The header fields every DKIM signature covers: nodemailer's default list
 * (RFC 6376 section 5.4's suggestions: From, Subject, Date, Message-ID, To,
 * List-Id, List-Unsubscribe, ...) plus the two its default leaves out:
 * List-Unsubscribe-Post, which RFC 8058 section 4 requires to be signed
 * (else anyone on the way can change a one-click unsubscribe), and
 * Feedback-ID, which Gmail's feedback loop only trusts when signed. A field
 * a message does not carry is simply not listed in the signature's h=.
 */
export const DKIM_SIGNED_HEADERS: readonly string[] = [
  'From', 'Sender', 'Reply-To', 'Subject', 'Date', 'Message-ID', 'To', 'Cc',
  'MIME-Version', 'Content-Type', 'Content-Transfer-Encoding', 'Content-ID', 'Content-Description',
  'Resent-Date', 'Resent-From', 'Resent-Sender', 'Resent-To', 'Resent-Cc', 'Resent-Message-ID',
  'In-Reply-To', 'References',
  'List-Id', 'List-Help', 'List-Unsubscribe', 'List-Unsubscribe-Post', 'List-Subscribe', 'List-Post', 'List-Owner', 'List-Archive',
  'Feedback-ID',
];

export type DkimKey = Pick<DKIMOptions, 'domainName' | 'keySelector' | 'privateKey'>;

/** nodemailer's DKIM options for a key, signing DKIM_SIGNED_HEADERS. */
export function dkimSigning(key: DkimKey): DKIMOptions {
  return { ...key, headerFieldNames: DKIM_SIGNED_HEADERS.join(':') };
}
