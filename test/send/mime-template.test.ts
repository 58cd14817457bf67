import { simpleParser } from 'mailparser';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DigestTemplates, RenderedIssue } from '../../src/digest/index.js';
import { issueRenderer, issueUrl, personalise } from '../../src/digest/index.js';
import { buildMessage, composeEml } from '../../src/mail/index.js';
import { compileMimeTemplate, type MessageRecipient } from '../../src/mail/mime-template.js';
import { digestConfig, postAt, templatesFor } from '../digest/helpers.js';
import { fixtureIssue } from './helpers.js';

const config = digestConfig();
const issue = fixtureIssue(config);
const web = issueUrl(config, issue.id);
const date = new Date('2024-06-03T09:00:00Z');

let templates: DigestTemplates;
beforeAll(async () => {
  templates = await templatesFor(config);
});

/** What nodemailer composes for the recipient, whole: the reference. */
async function composed(rendered: RenderedIssue, r: MessageRecipient): Promise<Buffer> {
  const personalised = personalise(rendered, { name: r.name ?? null, webVersionUrl: web, preferencesUrl: r.preferencesUrl, unsubscribeUrl: r.unsubscribeUrl });
  return composeEml(buildMessage({ rendered, personalised, recipient: { email: r.email, name: r.name ?? null }, config, messageId: r.messageId, date }));
}

const NAMES = ['', 'Ann', '  Spaced   Out  ', 'Zoë Ångström-Løvås', 'O\'Brien, "Pat"', '読者 😀 reader', 'x'.repeat(120), 'Line\r\nBreak: injected', 'Tab\there', '<b>bold</b> & co'];

function recipient(i: number): MessageRecipient {
  const id = [1, 42, 999, 123456, 98765432][i % 5] ?? 1;
  const token = 'eyJzIjo0MiwicCI6InVuc3Vic2NyaWJlIiwiZSI6MTc0OTU0NjAwMH0.'.slice(0, 20 + ((i * 37) % 60)) + 'Q1w2E3r4T5y6U7i8O9p0'.repeat(2);
  return {
    email: i % 7 === 0 ? `first.last+tag${i}@sub.mail.example.co.uk` : `r${i}@example.org`,
    name: NAMES[i % NAMES.length] ?? '',
    messageId: `<${issue.id}.${id}.${String(i).padStart(10, '0')}@blog.example.org>`,
    preferencesUrl: `https://blog.example.org/preferences?token=${token}`,
    unsubscribeUrl: `https://blog.example.org/unsubscribe?token=${token}&x=${i}`,
  };
}

describe('compileMimeTemplate', () => {
  it('splices messages byte-identical to composing each one whole, for every variant and many recipients', async () => {
    const renderer = issueRenderer(issue, { config, templates });
    let compared = 0;
    for (const themes of [[], ['inspection'], ['workforce', 'policy'], ['policy', 'inspection', 'workforce']]) {
      const rendered = renderer.forThemes(themes) as RenderedIssue;
      const template = await compileMimeTemplate({ rendered, config, date, webVersionUrl: web });
      expect(template.spliced, template.reason).toBe(true);
      for (let i = 0; i < 40; i++) {
        const r = recipient(i);
        const spliced = await template.message(r);
        expect(spliced.toString('latin1'), `${JSON.stringify(themes)} recipient ${i}`).toBe((await composed(rendered, r)).toString('latin1'));
        compared += 1;
      }
    }
    expect(compared).toBe(160);
  });

  it('splices a long issue (excerpts, many posts, long titles) exactly too', async () => {
    const posts = Array.from({ length: 24 }, (_, i) =>
      postAt(i, `2019-07-${String(29 + (i % 3)).padStart(2, '0')}T${String(8 + (i % 10)).padStart(2, '0')}:00:00Z`, [['inspection'], ['workforce'], ['policy'], []][i % 4] ?? [], {
        title: `${'A rather long title about café culture, “quotes” and — dashes — number '.repeat(1 + (i % 3))}${i}`,
        summary: `Résumé ${i}: ${'words with ünïcödé and spaces '.repeat(8)}`,
        text: `Text ${i} ${'more text '.repeat(60)}`,
      }),
    );
    const { planIssues } = await import('../../src/digest/index.js');
    const big = planIssues(posts, config).issues[0];
    if (big === undefined) throw new Error('no issue');
    const rendered = issueRenderer(big, { config, templates }).forThemes([]) as RenderedIssue;
    const template = await compileMimeTemplate({ rendered, config, date, webVersionUrl: web });
    expect(template.spliced, template.reason).toBe(true);
    for (let i = 0; i < 25; i++) {
      const r = recipient(i);
      expect((await template.message(r)).equals(await composed(rendered, r)), `recipient ${i}`).toBe(true);
    }
  });

  it('makes messages a mail client reads: the recipient, their links, one-click unsubscribe', async () => {
    const rendered = issueRenderer(issue, { config, templates }).forThemes([]) as RenderedIssue;
    const template = await compileMimeTemplate({ rendered, config, date, webVersionUrl: web });
    const r = recipient(3);
    const parsed = await simpleParser(await template.message(r));
    expect(parsed.to && !Array.isArray(parsed.to) ? parsed.to.value[0] : undefined).toEqual({ address: r.email, name: r.name });
    expect(parsed.messageId).toBe(r.messageId);
    expect(parsed.headerLines.find((h) => h.key === 'list-unsubscribe-post')?.line).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    expect(parsed.headerLines.find((h) => h.key === 'list-unsubscribe')?.line.replace(/\r\n /g, ' ')).toBe(`List-Unsubscribe: <${r.unsubscribeUrl}>, <mailto:unsubscribe@blog.example.org?subject=unsubscribe>`);
    expect(parsed.text).toContain(r.unsubscribeUrl);
    expect(parsed.text).toContain(r.preferencesUrl);
    expect(parsed.text).toContain(web);
    expect(parsed.html).toContain(r.unsubscribeUrl.replace('&', '&amp;'));
  });

  it('composes each message whole when a rendering cannot be spliced, and says why', async () => {
    const rendered = issueRenderer(issue, { config, templates }).forThemes([]) as RenderedIssue;
    const odd: RenderedIssue = { ...rendered, text: { parts: rendered.text.parts.map((part, i) => (i === 0 ? `\r${part}` : part)), slots: rendered.text.slots } };
    const template = await compileMimeTemplate({ rendered: odd, config, date, webVersionUrl: web });
    expect(template.spliced).toBe(false);
    expect(template.reason).toMatch(/cannot be spliced/);
    const r = recipient(2);
    expect((await template.message(r)).equals(await composed(odd, r))).toBe(true);
  });
});
