import { beforeAll, describe, expect, it } from 'vitest';
import type { Issue, RenderedIssue } from '../../src/digest/index.js';
import { personalise, planIssues, renderIssue } from '../../src/digest/index.js';
import { buildMessage, composeEml } from '../../src/mail/index.js';
import { digestConfig, frozen, postAt, templatesFor, valuesFor } from '../digest/helpers.js';
import { decodeHeader, one, parseEml } from './eml.js';

const config = digestConfig({}, { replyTo: 'Editor <editor@blog.example.org>' });
const issue = planIssues([postAt(1, '2019-07-30T08:00:00Z', ['inspection'], { title: 'Ofsted — “again”' }), postAt(2, '2019-07-31T08:00:00Z', [])], config).issues[0] as Issue;

let rendered: RenderedIssue;
beforeAll(async () => {
  rendered = renderIssue(issue, { config, templates: await templatesFor(config) });
});

function message(overrides: { name?: string | null; email?: string; messageId?: string } = {}) {
  const personalised = personalise(rendered, valuesFor('ann', overrides.name === undefined ? 'Ann Reader' : overrides.name));
  return buildMessage({
    rendered,
    personalised,
    recipient: { email: overrides.email ?? 'ann@example.net', name: overrides.name === undefined ? 'Ann Reader' : overrides.name },
    config,
    messageId: overrides.messageId ?? '<2019-W31.ann@blog.example.org>',
    date: issue.date,
  });
}

describe('buildMessage + composeEml', () => {
  it('make a complete message: From, To, Subject, Date, Message-ID, Reply-To', async () => {
    const eml = parseEml(await composeEml(message()));
    const h = eml.headers;
    expect(one(h, 'from')).toBe('"Commentary & Notes" <roundup@blog.example.org>');
    expect(one(h, 'to')).toBe('Ann Reader <ann@example.net>');
    expect(one(h, 'reply-to')).toBe('Editor <editor@blog.example.org>');
    expect(decodeHeader(one(h, 'subject'))).toBe(issue.subject);
    expect(one(h, 'date')).toBe('Sun, 04 Aug 2019 23:00:00 +0000');
    expect(one(h, 'message-id')).toBe('<2019-W31.ann@blog.example.org>');
    expect(one(h, 'mime-version')).toBe('1.0');
    expect(h.has('x-mailer')).toBe(false);
  });

  it('offer one-click unsubscribe (RFC 8058) over https and mailto, and name the list', async () => {
    const h = parseEml(await composeEml(message())).headers;
    expect(one(h, 'list-unsubscribe')).toBe('<https://blog.example.org/unsubscribe?token=ann&x=1>, <mailto:unsubscribe@blog.example.org?subject=unsubscribe>');
    expect(one(h, 'list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    expect(one(h, 'list-id')).toBe('"Commentary & Notes" <roundup.blog.example.org>');
  });

  it('use email.unsubscribeMailto for the mailto unsubscribe when set', async () => {
    const personalised = personalise(rendered, valuesFor('ann'));
    const options = buildMessage({ rendered, personalised, recipient: { email: 'a@example.net' }, config: digestConfig({}, { unsubscribeMailto: 'leave@lists.example.org' }), messageId: '<a@b.org>', date: issue.date });
    const h = parseEml(await composeEml(options)).headers;
    expect(one(h, 'list-unsubscribe')).toContain('<mailto:leave@lists.example.org?subject=unsubscribe>');
    expect(one(h, 'to')).toBe('a@example.net');
  });

  it('carry multipart/alternative with the text part first, then the HTML part, both as personalised', async () => {
    const eml = parseEml(await composeEml(message()));
    expect(one(eml.headers, 'content-type')).toMatch(/^multipart\/alternative;\s*boundary="[^"]+"$/);
    expect(eml.parts.map((p) => one(p.headers, 'content-type'))).toEqual(['text/plain; charset=utf-8', 'text/html; charset=utf-8']);
    const personalised = personalise(rendered, valuesFor('ann', 'Ann Reader'));
    expect(eml.parts[0]?.decoded.replaceAll('\r\n', '\n')).toBe(personalised.text);
    expect(eml.parts[1]?.decoded.replaceAll('\r\n', '\n')).toBe(personalised.html);
    for (const part of eml.parts) expect(part.raw).not.toContain(eml.boundary);
  });

  it('is byte-identical for the same input, and differs per Message-ID', async () => {
    const a = await composeEml(message());
    const b = await composeEml(message());
    expect(b.equals(a)).toBe(true);
    const c = parseEml(await composeEml(message({ messageId: '<2019-W31.bob@blog.example.org>' })));
    expect(c.boundary).not.toBe(parseEml(a).boundary);
  });

  it('keeps a hostile recipient name inside the To header', async () => {
    const eml = parseEml(await composeEml(message({ name: 'Eve\r\nBcc: everyone@example.org' })));
    expect(eml.headers.has('bcc')).toBe(false);
    expect(one(eml.headers, 'to')).toContain('<ann@example.net>');
  });

  it('refuses a Message-ID that is not <id@domain> and does not touch its input', () => {
    expect(() => message({ messageId: 'no-brackets@example.org' })).toThrow(/messageId must look like <id@domain>/);
    const personalised = frozen(personalise(rendered, valuesFor('ann')));
    expect(() => buildMessage({ rendered: frozen(rendered), personalised, recipient: frozen({ email: 'a@example.net' }), config: frozen(config), messageId: '<a@b.org>', date: issue.date })).not.toThrow();
  });
});
