import type { AddressObject, ParsedMail } from 'mailparser';

/** One message the inbox caught, parsed. */
export interface InboxMessage {
  /** 1, 2, 3… in order of arrival. */
  readonly id: number;
  readonly receivedAt: Date;
  /** The SMTP envelope: who the relay was told it is from and for. */
  readonly envelope: { readonly from: string; readonly to: readonly string[] };
  readonly subject: string;
  /** The From and To headers as text ("Name <address>"). */
  readonly from: string;
  readonly to: string;
  readonly date: Date | null;
  readonly messageId: string | null;
  readonly html: string | null;
  readonly text: string | null;
  /** The header block as sent, one unfolded line per header. */
  readonly headers: readonly { readonly name: string; readonly value: string }[];
  /** The message exactly as received. */
  readonly raw: Buffer;
}

/** What mailparser made of `raw`, as an InboxMessage. Pure. */
export function toInboxMessage(id: number, receivedAt: Date, envelope: InboxMessage['envelope'], raw: Buffer, parsed: ParsedMail): InboxMessage {
  return {
    id,
    receivedAt,
    envelope,
    subject: parsed.subject ?? '',
    from: addressText(parsed.from),
    to: addressText(parsed.to),
    date: parsed.date ?? null,
    messageId: parsed.messageId ?? null,
    html: typeof parsed.html === 'string' ? parsed.html : null,
    text: parsed.text ?? null,
    headers: parsed.headerLines.map(({ key, line }) => ({ name: headerName(line, key), value: headerValue(line) })),
    raw,
  };
}

function addressText(value: AddressObject | AddressObject[] | undefined): string {
  if (value === undefined) return '';
  return (Array.isArray(value) ? value : [value]).map((a) => a.text).join(', ');
}

/** The header's name as written ("List-Unsubscribe"), not mailparser's lower-case key. */
function headerName(line: string, key: string): string {
  const colon = line.indexOf(':');
  return colon > 0 ? line.slice(0, colon).trim() : key;
}

function headerValue(line: string): string {
  const colon = line.indexOf(':');
  return (colon >= 0 ? line.slice(colon + 1) : line).replace(/\r?\n[ \t]+/g, ' ').trim();
}
