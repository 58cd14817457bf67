import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../../src/config/schema.js';
import type { DigestTemplates, Issue } from '../../src/digest/index.js';
import { compileTemplates, planIssues, renderIssue, variantOf } from '../../src/digest/index.js';
import { loadTemplates } from '../../src/build/load-templates.js';
import { stencilState } from '../../src/digest/render/stencil.js';
import type { Post } from '../../src/model/post.js';
import { demoSite } from './demo-helpers.js';
import { digestConfig, postAt, siteDir, templatesFor } from './helpers.js';

/** Every issue (and each one-theme variant) rendered with and without stencils: the same RenderedIssue, field for field. */
function expectSame(issues: readonly Issue[], config: Config, templates: DigestTemplates): number {
  let compared = 0;
  for (const issue of issues) {
    const variants: [Issue, string][] = [[issue, '*']];
    for (const section of issue.sections) {
      const variant = section.theme === null ? null : variantOf(issue, [section.theme], config);
      if (variant !== null && section.theme !== null) variants.push([variant, section.theme]);
    }
    for (const [variant, key] of variants) {
      const whole = renderIssue(variant, { config, templates, stencils: false }, key);
      const joined = renderIssue(variant, { config, templates }, key);
      expect(joined.html, `${issue.id} ${key}`).toEqual(whole.html);
      expect(joined.text, `${issue.id} ${key}`).toEqual(whole.text);
      expect(joined).toEqual(whole);
      compared++;
    }
  }
  return compared;
}

const AWKWARD_TITLES = [
  'Plain title',
  '“Curly” & \'straight\' "double" quotes, <b>tags</b> and &amp; entities',
  'Ελληνικά, русский, 日本語のタイトル, עברית ימין לשמאל, العربية',
  'Emoji 🙂🚸 and a non\u00a0breaking space, a = sign and a `backtick`',
  '<table><tr><td style="color:red">a table</td></tr></table> <img src="x.png"> <style>p{}</style>',
  '<!--[if mso | IE]><table><![endif]--> <%= ejs %> %%TIDINGS_NOT_A_TOKEN%% %%TS_Q7VX2K_1_2=%%',
];

/** Values the stencil path leaves to the whole compile (juice takes `{{ }}` for code; MJML trims the ends of mj-text): their issues are compiled whole. */
const WHOLE_TITLES = ['A title with {{handlebars}} in it', '  leading and trailing spaces  '];

const AWKWARD_TEXTS = [
  'A plain post.',
  'See https://www.ofsted.gov.uk/reports?id=1&x=2 and https://example.org/a/b for more; “quoted” <em>not markup</em>.',
  '<blockquote>Quoted &lt;text&gt;</blockquote> with a <a href="https://x.example/">link</a>, <table><tr><td>cells</td></tr></table>',
  'Русский текст, 中文文本, नमस्ते, and a very long word: ' + 'x'.repeat(300),
  'Line one\nline two\n\n\tindented line three',
  'Very long. '.repeat(400),
];

/** Posts with awkward titles, text and links, a week of many posts (too large for one email), and a week of one post. */
function awkwardPosts(): Post[] {
  const posts: Post[] = [];
  for (let n = 0; n < 48; n++) {
    const at = new Date(Date.UTC(2019, 0, 7 + Math.floor(n / 4) * 7, 9) + (n % 4) * 86_400_000).toISOString();
    const title = (n >= 44 ? WHOLE_TITLES[n % 2] : AWKWARD_TITLES[n % AWKWARD_TITLES.length]) ?? 'x';
    const text = AWKWARD_TEXTS[n % AWKWARD_TEXTS.length] ?? 'x';
    const themes = [['inspection'], ['workforce'], ['policy'], [], ['inspection', 'policy']][n % 5] ?? [];
    posts.push(postAt(n, at, themes, { id: `a${n}`, slug: `awkward-${n}`, url: `https://blog.example.org/posts/${n}/?a=1&b=“2”`, title, text, summary: text, author: n % 3 === 0 ? '' : 'Zoë O’Brien & co' }));
  }
  for (let i = 0; i < 70; i++) {
    const at = new Date(Date.UTC(2019, 6, 29, 8) + i * 3_600_000).toISOString();
    posts.push(postAt(100 + i, at, ['inspection'], { id: `big${i}`, slug: `big-${i}`, url: `https://blog.example.org/posts/big-${i}/`, text: `Body of post ${i}. `.repeat(100) }));
  }
  posts.push(postAt(200, '2019-09-02T09:00:00.000Z', ['workforce'], { id: 'one', slug: 'one', url: 'https://blog.example.org/posts/one/' }));
  return posts;
}

describe('roundups joined from stencil fragments', () => {
  it('are byte for byte what compiling each issue whole gives, for awkward posts in both visual themes, with clicks counted or not', async () => {
    for (const visualTheme of ['light', 'dusk']) {
      for (const engagement of [undefined, { clicks: true, perSubscriber: true }]) {
        const base = digestConfig({ visualTheme });
        const config = engagement === undefined ? base : { ...base, engagement: { ...base.engagement, ...engagement }, subscriptions: { ...base.subscriptions, secret: 'a-secret-of-at-least-thirty-two-characters' } };
        const templates = await templatesFor(config);
        const { issues } = planIssues(awkwardPosts(), config);
        const compared = expectSame(issues, config, templates);
        expect(compared).toBeGreaterThan(issues.length);
        const state = stencilState(templates);
        expect(state.off).toBe(false);
        expect(state.fragments).toBeGreaterThan(3);
        // All but the week of WHOLE_TITLES and the week too large for one email (whose compact and clipped forms compile whole).
        expect(state.joined).toBeGreaterThan(compared * 0.8);
      }
    }
  }, 120_000);

  it('leave a template whose inline CSS looks at siblings to the whole compile, with the same result', async () => {
    const site = await siteDir();
    try {
      await site.write(
        'templates/themes/light/theme.mjml.hbs',
        '<mj-attributes><mj-all font-family="Arial" /></mj-attributes>\n<mj-style inline="inline">\n  h3 + p { color: #c00; }\n  a { color: #00c; }\n</mj-style>\n',
      );
      const config = { ...digestConfig(), digest: { ...digestConfig().digest, templatesDir: 'templates' } };
      const templates = compileTemplates(await loadTemplates({ config, rootDir: site.dir }));
      const { issues } = planIssues(awkwardPosts().slice(0, 12), config);
      expectSame(issues, config, templates);
      expect(stencilState(templates)).toEqual({ fragments: 0, joined: 0, off: true });
    } finally {
      await site.cleanup();
    }
  });
});

describe('a user template with a value at the very start or end of an mj-text (MJML trims there)', () => {
  it('joins the issues whose values have no space at their ends, compiles the others whole, and both match the whole compile', async () => {
    const site = await siteDir();
    try {
      await site.write('templates/email/post-card.mjml.hbs', '<mj-text mj-class="post">{{title}}</mj-text>\n<mj-text mj-class="post"><p>{{date}}</p>\n  {{readingTime}}</mj-text>\n');
      const config = digestConfig();
      const templates = compileTemplates(await loadTemplates({ config, rootDir: site.dir }));
      const { issues } = planIssues(awkwardPosts(), config);
      const compared = expectSame(issues, config, templates);
      const state = stencilState(templates);
      expect(state.off).toBe(false);
      expect(state.joined).toBeGreaterThan(0);
      expect(state.joined).toBeLessThan(compared);
    } finally {
      await site.cleanup();
    }
  }, 60_000);
});

describe('the demo blog, joined from stencil fragments', () => {
  let posts: Post[];
  let config: Config;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    const demo = await demoSite();
    cleanup = demo.cleanup;
    posts = await demo.app.store.listPosts();
    config = demo.app.config;
  }, 60_000);
  afterAll(() => cleanup());

  it('gives every roundup and variant byte for byte as compiling it whole does, in both visual themes', async () => {
    for (const visualTheme of ['light', 'dusk']) {
      const themed = { ...config, digest: { ...config.digest, visualTheme } };
      const templates = await templatesFor(themed);
      const { issues } = planIssues(posts, themed);
      expect(expectSame(issues, themed, templates)).toBeGreaterThan(10);
      expect(stencilState(templates).off).toBe(false);
      expect(stencilState(templates).joined).toBeGreaterThan(issues.length);
    }
  }, 120_000);
});
