import { beforeAll, describe, expect, it } from 'vitest';
import type { DigestTemplates, Issue } from '../../src/digest/index.js';
import { MAX_TITLE, planIssues, renderIssue } from '../../src/digest/index.js';
import { issueRenderer } from '../../src/digest/index.js';
import { digestConfig, postAt, sample, templatesFor } from './helpers.js';

const config = digestConfig();
const at = (h: number) => `2019-07-30T${String(h).padStart(2, '0')}:00:00Z`;

const RTL = 'رعاية الأطفال: تقرير جديد عن الحماية';
const EMOJI = 'Children first 👩‍👧‍👦🧒🏽 and 🚸';
const HOSTILE = [
  postAt(1, at(8), ['inspection'], { title: '<script>alert("t")</script>Inspection <b>news</b>', text: '<script>steal()</script> text & more' }),
  postAt(2, at(9), ['inspection'], { title: 'Click me', url: 'javascript:alert(document.cookie)', slug: 'click-me' }),
  postAt(3, at(10), ['workforce'], { title: `Long ${'very '.repeat(1000)}title` }),
  postAt(4, at(11), ['workforce'], { title: RTL, text: `${RTL}. ${RTL}.` }),
  postAt(5, at(12), ['policy'], { title: EMOJI }),
  postAt(6, at(13), ['policy'], { title: '{{constructor}} {{> footer}} {{#each sections}}x{{/each}} {{{links.unsubscribe}}}', text: '{{recipient.name}} {{lookup . "x"}} }}{{' }),
  postAt(7, at(14), [], { title: '</mj-text></mj-column></mj-section><mj-raw><script>x()</script></mj-raw>', text: '%%TIDINGS_0000000000000000_UNSUBSCRIBE_URL%% ]]> <!--' }),
];

describe('hostile post content', () => {
  let templates: DigestTemplates;
  let issue: Issue;
  let html: string;
  let text: string;
  beforeAll(async () => {
    templates = await templatesFor(config);
    [issue] = planIssues(HOSTILE, config).issues as [Issue];
    ({ html, text } = sample(renderIssue(issue, { config, templates })));
  });

  it('renders every post, each once', () => {
    expect(html.match(/<h3\b/g)).toHaveLength(HOSTILE.length);
  });

  it('lets no script and no javascript: link through', () => {
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/href="javascript:/i);
    expect(html).toContain('&lt;script&gt;alert(&quot;t&quot;)&lt;/script&gt;Inspection &lt;b&gt;news&lt;/b&gt;');
    expect(text).toContain('<script>alert("t")</script>Inspection <b>news</b>');
    for (const m of html.matchAll(/href="([^"]*)"/g)) expect(m[1]).toMatch(/^https?:\/\//);
  });

  it('sends a javascript: post URL to the post page instead', () => {
    expect(html).toContain('href="https://blog.example.org/posts/2019/07/click-me/"');
  });

  it('shortens a 5,000-character title', () => {
    const long = issue.sections.flatMap((s) => s.posts).find((p) => p.title.startsWith('Long'));
    expect(long?.title.length).toBeLessThanOrEqual(MAX_TITLE);
    expect(long?.title.endsWith('…')).toBe(true);
    expect(Buffer.byteLength(html)).toBeLessThan(40_000);
  });

  it('keeps right-to-left text and emoji intact, marked dir="auto"', () => {
    expect(html).toContain(`<h3 dir="auto"`);
    expect(html).toContain(RTL);
    expect(text).toContain(RTL);
    expect(html).toContain(EMOJI);
    expect(text).toContain(EMOJI);
  });

  it('shows Handlebars in post data as text and never evaluates it', () => {
    expect(html).toContain('{{constructor}} {{&gt; footer}} {{#each sections}}x{{/each}} {{{links.unsubscribe}}}');
    expect(text.replace(/\s+/g, ' ')).toContain('{{constructor}} {{> footer}} {{#each sections}}x{{/each}} {{{links.unsubscribe}}}');
    expect(html).toContain('{{recipient.name}} {{lookup . &quot;x&quot;}} }}{{');
    expect(html.match(/You are receiving this/g)).toHaveLength(1);
  });

  it('cannot close the MJML around it or forge a placeholder', () => {
    expect(html).toContain('&lt;/mj-text&gt;&lt;/mj-column&gt;&lt;/mj-section&gt;&lt;mj-raw&gt;');
    expect(html).toContain('%%TIDINGS_0000000000000000_UNSUBSCRIBE_URL%%');
    expect(html.match(/unsubscribe\?token=sample/g)).toHaveLength(1);
  });

  it('renders the variants of hostile content too', () => {
    const renderer = issueRenderer(issue, { config, templates });
    const policy = renderer.forThemes(['policy']);
    expect(policy && sample(policy).html).toContain(EMOJI);
  });
});
