import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/parse.js';
import { buildConfirmationEmail } from '../../src/mail/confirmation.js';

const config = parseConfig('site:\n  title: Care & Notes\n  baseUrl: https://notes.example.org/\n  timeZone: Europe/London\nemail:\n  from: Care Notes <roundup@notes.example.org>\n', 'c.yaml');
const confirm = { url: 'https://notes.example.org/confirm?token=abc.def', expires: new Date('2024-06-10T23:30:00.000Z') };

describe('the confirmation email', () => {
  it('says the same in text and HTML: who, the link, until when', () => {
    const mail = buildConfirmationEmail({ config, to: { email: 'ann@example.org', name: 'Ann <b>Lee</b>' }, confirm });
    expect(mail).toMatchObject({
      from: 'Care Notes <roundup@notes.example.org>',
      to: { name: 'Ann <b>Lee</b>', address: 'ann@example.org' },
      subject: 'Confirm your subscription to Care & Notes',
      list: { id: { url: 'roundup.notes.example.org', comment: 'Care & Notes' } },
    });
    expect(mail.replyTo).toBeUndefined();
    const text = String(mail.text);
    const html = String(mail.html);
    expect(text).toContain('Hello Ann <b>Lee</b>,');
    expect(text).toContain(confirm.url);
    // 23:30 UTC on 10 June is 00:30 on 11 June in London.
    expect(text).toContain('The link works until 11 June 2024.');
    expect(html).toContain('Hello Ann &lt;b&gt;Lee&lt;/b&gt;,');
    expect(html).toContain('The link works until 11 June 2024.');
    expect(html).toContain(`href="${confirm.url}"`);
    expect(html).not.toMatch(/<b>|<(script|img|link)\b/);
  });

  it('greets someone without a name plainly, and takes Reply-To from the config', () => {
    const withReplyTo = parseConfig('email:\n  replyTo: editor@example.org\n', 'c.yaml');
    const mail = buildConfirmationEmail({ config: withReplyTo, to: { email: 'ann@example.org', name: '' }, confirm });
    expect(String(mail.text).startsWith('Hello,\n')).toBe(true);
    expect(mail.replyTo).toBe('editor@example.org');
  });
});
