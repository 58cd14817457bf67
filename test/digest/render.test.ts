import { beforeAll, describe, expect, it } from 'vitest';
import type { DigestTemplates, Issue, RenderedIssue } from '../../src/digest/index.js';
import { HTML_BUDGET_BYTES, personalise, planIssues, renderIssue } from '../../src/digest/index.js';
import type { Post } from '../../src/model/post.js';
import { digestConfig, postAt, sample, templatesFor, valuesFor } from './helpers.js';

const config = digestConfig();

function weekOf(count: number, make: (i: number) => Partial<Post> = () => ({})): Issue {
  const posts = Array.from({ length: count }, (_, i) =>
    postAt(i, new Date(Date.UTC(2019, 6, 29, 8) + i * 3_600_000).toISOString(), [['inspection', 'workforce', 'policy'][i % 4] ?? ''].filter(Boolean), {
      id: `w${i}`,
      slug: `post-${i}`,
      url: `https://blog.example.org/posts/2019/07/post-${i}/`,
      title: `Post ${i} & friends`,
      ...make(i),
    }),
  );
  const [issue] = planIssues(posts, config).issues;
  if (!issue) throw new Error('no issue');
  return issue;
}

/** 40 long posts in one week: 5,000-word bodies and titles of about 250 characters. */
function bigWeek(): Issue {
  return weekOf(40, (i) => ({
    title: `A long title for post ${i}, which goes on ${'about inspection, thresholds and caseloads '.repeat(5)}`,
    text: 'Safeguarding practitioners weigh thresholds, caseloads and inspection findings. '.repeat(400),
    url: `https://blog.example.org/posts/2019/07/a-rather-long-slug-for-post-number-${i}-about-many-things/`,
  }));
}

describe('renderIssue: what every email is', () => {
  let templates: DigestTemplates;
  let rendered: RenderedIssue;
  let html: string;
  let text: string;
  const issue = weekOf(6);
  beforeAll(async () => {
    templates = await templatesFor(config);
    rendered = renderIssue(issue, { config, templates });
    ({ html, text } = sample(rendered));
  });

  it('declares the site language on <html> and has the subject as its title', () => {
    expect(html).toMatch(/<html lang="en-GB"/);
    expect(html).toContain(`<title>${issue.subject.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;')}</title>`);
  });

  it('carries a hidden preheader with the top posts, padded so that no body text follows it in a preview, which the text part leaves out', () => {
    const preview = /<div style="display:none;[^"]*mso-hide:all;[^"]*">([^<]*)<\/div>/.exec(html)?.[1] ?? '';
    const filler = '&#8199;&#65279;&#847;';
    expect(preview.startsWith(`${issue.preheader.replaceAll('&', '&amp;')}${filler} `)).toBe(true);
    expect(preview.split(filler)).toHaveLength(151);
    expect(preview.slice(preview.indexOf(filler)).replaceAll(filler, '').trim()).toBe('');
    expect(issue.preheader).toContain('Post 0 & friends');
    expect(text).not.toContain(issue.preheader);
  });

  it('supports dark mode: color-scheme metas and prefers-color-scheme styles', () => {
    expect(html).toContain('<meta name="color-scheme" content="light dark">');
    expect(html).toContain('<meta name="supported-color-schemes" content="light dark">');
    expect(html).toMatch(/@media \(prefers-color-scheme: dark\) \{[^}]*background-color: #\w+ !important/);
  });

  it('has no script, no external stylesheet and no web-font link', () => {
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<link[^>]+stylesheet/i);
    expect(html).not.toContain('fonts.googleapis.com');
  });

  it('has one h1 for the issue, an h2 per section and an h3 per post', () => {
    expect(html.match(/<h1\b/g)).toHaveLength(1);
    expect(html.match(/<h2\b/g)).toHaveLength(issue.sections.length);
    expect(html.match(/<h3\b/g)).toHaveLength(issue.postCount);
    expect(issue.sections.map((s) => s.name)).toEqual(['Inspection & Ofsted', 'Workforce', 'Ministers <and> policy', 'More posts']);
    expect(html).toContain('>Ministers &lt;and&gt; policy</h2>');
  });

  it('links every post with link text that names it, in the HTML and in the text part', () => {
    for (const post of issue.sections.flatMap((s) => s.posts)) {
      const title = post.title.replaceAll('&', '&amp;');
      expect(html).toContain(`href="${post.url}"`);
      expect(html).toMatch(new RegExp(`<a href="${post.url}"[^>]*>Read more: ${title}</a>`));
      expect(text).toContain(`Read more: ${post.title}\n${post.url}\n`);
    }
  });

  it('has a footer with the web version, preferences and unsubscribe links and the postal address', () => {
    const { html: h, text: t } = personalise(rendered, valuesFor('zoe'));
    for (const [label, url] of [
      ['View in your browser', 'https://blog.example.org/issues/x/?r=zoe'],
      ['Choose your themes', 'https://blog.example.org/preferences?token=zoe&x=1'],
      ['Unsubscribe', 'https://blog.example.org/unsubscribe?token=zoe&x=1'],
    ]) {
      expect(h).toMatch(new RegExp(`<a href="${(url ?? '').replaceAll('?', '\\?').replaceAll('&', '&amp;')}"[^>]*>${label}</a>`));
      expect(t).toContain(`${label}:\n${url}\n`);
    }
    expect(h).toContain('1 Example Street, London, UK');
    expect(t).toContain('1 Example Street, London, UK');
  });

  it('renders the same bytes for the same issue', () => {
    const again = renderIssue(issue, { config, templates });
    expect(again.mjml).toBe(rendered.mjml);
    expect(sample(again)).toEqual(sample(rendered));
  });
});

describe('renderIssue: size', () => {
  for (const visualTheme of ['light', 'dusk']) {
    it(`keeps a week of 40 long posts under ${HTML_BUDGET_BYTES} bytes of HTML (${visualTheme}), with excerpts`, async () => {
      const themed = digestConfig({ visualTheme });
      const rendered = renderIssue(bigWeek(), { config: themed, templates: await templatesFor(themed) });
      const { html } = personalise(rendered, valuesFor('x'.repeat(150)));
      expect(Buffer.byteLength(html)).toBeLessThan(HTML_BUDGET_BYTES);
      expect(rendered.compact).toBe(false);
      expect(html.match(/<h3\b/g)).toHaveLength(40);
      expect(html).toContain('Safeguarding practitioners weigh thresholds');
    });
  }

  it('drops the excerpts, and says so, when an issue would not fit', async () => {
    const huge = weekOf(85, (i) => ({ text: `Body of post ${i}. `.repeat(100) }));
    const rendered = renderIssue(huge, { config, templates: await templatesFor(config) });
    expect(rendered.compact).toBe(true);
    expect(rendered.moved).toBe(0);
    expect(rendered.warnings).toHaveLength(1);
    expect(rendered.warnings[0]).toMatch(/^issue 2019-W31: 85 posts make a \d+ kB email, over the 100 kB Gmail shows unclipped; excerpts left out$/);
    const { html } = sample(rendered);
    expect(html).not.toContain('Body of post 1.');
    expect(html.match(/<h3\b/g)).toHaveLength(85);
  });

  it('lists the posts that do not fit even without excerpts by title, before the footer, and stays under the budget', async () => {
    const huge = weekOf(150, (i) => ({ text: `Body of post ${i}. `.repeat(100) }));
    const rendered = renderIssue(huge, { config, templates: await templatesFor(config) });
    expect(rendered.moved).toBeGreaterThan(0);
    expect(rendered.maxHtmlBytes).toBeLessThanOrEqual(HTML_BUDGET_BYTES);
    expect(rendered.warnings[0]).toMatch(new RegExp(`^issue 2019-W31: 150 posts make a \\d+ kB email, over the 100 kB Gmail shows unclipped \\(\\d+ kB without excerpts\\); ${rendered.moved} of them moved to the list`));
    // The longest name and links a recipient can have still fit.
    const { html } = personalise(rendered, { ...valuesFor('x'.repeat(400)), name: '"'.repeat(100) });
    expect(Buffer.byteLength(html)).toBeLessThanOrEqual(HTML_BUDGET_BYTES);
    const cards = html.match(/<h3\b/g)?.length ?? 0;
    expect(cards).toBe(150 - rendered.moved);
    expect(html).toContain(`${rendered.moved} more posts this week`);
    // In section order: the first posts are cards (each linked twice: title and Read more), the rest in the list (linked once).
    const inOrder = huge.sections.flatMap((section) => section.posts);
    expect(inOrder).toHaveLength(150);
    inOrder.forEach((post, i) => expect(html.split(`href="${post.url}"`).length - 1, post.title).toBe(i < cards ? 2 : 1));
    expect(html.indexOf('more posts this week')).toBeLessThan(html.indexOf('Unsubscribe'));
  });
});
