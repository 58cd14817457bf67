import addressparser from 'nodemailer/lib/addressparser';

/** One mailbox: a display name (maybe '') and an address. */
export interface Mailbox {
  readonly name: string;
  readonly address: string;
}

/** The first mailbox of an address field such as `Child Protection Commentary <roundup@example.org>`; throws when there is none. */
export function parseMailbox(field: string): Mailbox {
  for (const entry of addressparser(field, { flatten: true })) {
    if (entry.address) return { name: entry.name, address: entry.address };
  }
  throw new TypeError(`"${field}" is not an e-mail address such as "Name <name@example.org>"`);
}

/** The domain of an address (`example.org`), lower case; 'localhost' when it has none. */
export function domainOf(address: string): string {
  const at = address.lastIndexOf('@');
  return (at === -1 ? 'localhost' : address.slice(at + 1)).toLowerCase() || 'localhost';
}
