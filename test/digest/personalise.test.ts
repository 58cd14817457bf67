import { beforeAll, describe, expect, it } from 'vitest';
import type { Issue, RenderedIssue } from '../../src/digest/index.js';
import { NO_NAME, personalise, planIssues, renderIssue } from '../../src/digest/index.js';
import { digestConfig, frozen, postAt, templatesFor, valuesFor } from './helpers.js';

const config = digestConfig();
const issue = planIssues([postAt(1, '2019-07-30T08:00:00Z', ['inspection']), postAt(2, '2019-07-31T08:00:00Z', [])], config).issues[0] as Issue;

describe('personalise', () => {
  let rendered: RenderedIssue;
  beforeAll(async () => {
    rendered = renderIssue(issue, { config, templates: await templatesFor(config) });
  });

  it('fills in the name and the three links, HTML-escaped in the HTML part and as they are in the text part', () => {
    const values = { ...valuesFor('ann'), name: 'Ann "A&B" <O\'Neil>' };
    const { html, text, unsubscribeUrl } = personalise(rendered, values);
    expect(html).toContain('Hello Ann &quot;A&amp;B&quot; &lt;O&#39;Neil&gt;, here is what was new.');
    expect(text).toContain('Hello Ann "A&B" <O\'Neil>, here is what was new.');
    expect(html).toContain('href="https://blog.example.org/unsubscribe?token=ann&amp;x=1"');
    expect(html).toContain('href="https://blog.example.org/preferences?token=ann&amp;x=1"');
    expect(html).toContain('href="https://blog.example.org/issues/x/?r=ann"');
    expect(text).toContain('\nhttps://blog.example.org/unsubscribe?token=ann&x=1\n');
    expect(unsubscribeUrl).toBe('https://blog.example.org/unsubscribe?token=ann&x=1');
  });

  it('leaves no placeholder behind, and gives each recipient only their own links', () => {
    const ann = personalise(rendered, valuesFor('ann'));
    const bob = personalise(rendered, valuesFor('bob'));
    for (const part of [ann.html, ann.text, bob.html, bob.text]) expect(part).not.toContain('%%TIDINGS_');
    expect(bob.html).not.toContain('token=ann');
    expect(bob.html.replaceAll('bob', 'ann')).toBe(ann.html);
  });

  it('greets a recipient without a name, and keeps a name on one line', () => {
    expect(personalise(rendered, valuesFor('x', null)).text).toContain(`Hello ${NO_NAME}, here`);
    expect(personalise(rendered, valuesFor('x', '  \t ')).text).toContain(`Hello ${NO_NAME}, here`);
    const { text } = personalise(rendered, valuesFor('x', 'Eve\r\nBcc: all@example.org\u0000'));
    expect(text).toContain('Hello Eve Bcc: all@example.org, here');
  });

  it('refuses a link that is not http(s) or mailto', () => {
    expect(() => personalise(rendered, { ...valuesFor('x'), unsubscribeUrl: 'javascript:alert(1)' })).toThrow(/unsubscribeUrl must be an http\(s\) or mailto URL/);
    expect(() => personalise(rendered, { ...valuesFor('x'), preferencesUrl: 'https://x.org/a b' })).toThrow(/preferencesUrl/);
  });

  it('does not touch the rendered issue', () => {
    const kept = frozen(rendered);
    personalise(kept, valuesFor('x'));
    expect(kept).toEqual(rendered);
  });
});
