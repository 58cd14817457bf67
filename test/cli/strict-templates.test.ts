import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSite, REPO, type Site } from '../helpers/site.js';

/** A small site with roundups: two themes, three posts in one week. */
const CONFIG = `site:
  title: Strict templates
  baseUrl: https://blog.example.org/
  timeZone: Europe/London
content:
  paths: [content]
email:
  from: Roundup <roundup@blog.example.org>
  postalAddress: 1 Example Street, London
themes:
  - slug: courts
    name: Courts
    keywords: [court, judge]
  - slug: workforce
    name: Workforce
    keywords: [caseload, caseloads]
`;

const POSTS = [
  ['the-judge', 'The judge and the court', '2025-10-14T10:00:00+01:00', 'The judge told the court what the court would do.'],
  ['caseloads', 'Caseloads rising', '2025-10-15T09:00:00+01:00', 'Caseloads are rising again, and caseloads matter.'],
  ['a-walk', 'A walk by the river', '2025-10-16T18:30:00+01:00', 'Nothing to do with anything else here.'],
] as const;

const builtIn = (name: string) => readFile(path.join(REPO, 'templates', name), 'utf8');
const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

/** Every file below out/ with a digest of its bytes: to show a failed build changed nothing. */
async function snapshot(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    out[path.relative(dir, file)] = createHash('sha256').update(await readFile(file)).digest('hex');
  }
  return out;
}

describe('tidings build: templates are as strict as the docs say', () => {
  let site: Site;
  let good: Record<string, string>;
  const override = (rel: string, text: string) => site.write(`templates/${rel}`, text);

  beforeAll(async () => {
    site = await makeSite({ config: CONFIG });
    for (const [slug, title, date, body] of POSTS) await site.write(`content/posts/${slug}.md`, `---\ntitle: "${title}"\ndate: ${date}\n---\n${body}\n`);
    expect((await site.run('import')).code).toBe(0);
    const built = await site.run('build');
    expect(built.code, built.err).toBe(0);
    good = await snapshot(path.join(site.dir, 'out'));
    expect(Object.keys(good)).toContain('issues/2025-W42/email.html');
  });
  afterAll(() => site.cleanup());

  /** `tidings build` with one override in place: exit 2, one line naming its file and line, out/ as the good build left it. */
  async function refused(rel: string, text: string, needle: string, restore?: string): Promise<{ err: string; where: string }> {
    const file = await override(rel, text);
    try {
      const r = await site.run('build');
      expect(r.code, r.err).toBe(2);
      expect(r.err).not.toMatch(/\n\s+at /);
      expect(await snapshot(path.join(site.dir, 'out'))).toEqual(good);
      return { err: r.err, where: `${file}:${lineOf(text, needle)}: error: ` };
    } finally {
      await site.write(`templates/${rel}`, restore ?? (await builtIn(rel)));
    }
  }

  it('refuses <mj-bogus> inside mj-text, which MJML passes through into the HTML', async () => {
    const card = (await builtIn('email/post-card.mjml.hbs')).replace('<p class="t-meta">', '<mj-bogus>by {{author}}</mj-bogus>\n  <p class="t-meta">');
    const { err, where } = await refused('email/post-card.mjml.hbs', card, '<mj-bogus>');
    expect(err).toContain(`${where}unknown MJML element <mj-bogus> inside <mj-text>: MJML reads what is inside <mj-text> as HTML, so the tag would reach the email as it is (close the <mj-text> first, or write HTML there)`);
  });

  it('refuses an unknown attribute in a branch no issue takes, and an unknown element in the head', async () => {
    const footer = (await builtIn('email/footer.mjml.hbs')).replace('<mj-column>', '<mj-column>\n    {{#if nobody}}<mj-button hreff="{{links.archive}}">Archive</mj-button>{{/if}}');
    const { err, where } = await refused('email/footer.mjml.hbs', footer, 'hreff=');
    expect(err).toContain(`${where}unknown attribute "hreff" on <mj-button> (did you mean href="…"?`);
    const theme = (await builtIn('themes/light/theme.mjml.hbs')).replace('<mj-attributes>', '<mj-attributes>\n  <mj-clas name="x" color="red" />');
    const head = await refused('themes/light/theme.mjml.hbs', theme, '<mj-clas ');
    expect(head.err).toContain(`${head.where}unknown MJML element <mj-clas> (did you mean <mj-class>?)`);
  });

  it('names the user footer, not the built-in layout, for an image without alt text there', async () => {
    const footer = (await builtIn('email/footer.mjml.hbs')).replace('<mj-column>', '<mj-column>\n    <mj-image src="https://blog.example.org/logo.png" width="120px" />');
    const { err, where } = await refused('email/footer.mjml.hbs', footer, '<mj-image');
    expect(err).toContain(`${where}an image has no alt text: <img`);
    expect(err).not.toContain(path.join(REPO, 'templates'));
  });

  it('names the partial that put an MJML tag into the HTML through another file', async () => {
    const layout = (await builtIn('email/layout.mjml.hbs')).replace('<p>Hello {{recipient.name}}, here is what was new.</p>', '<p>Hello {{recipient.name}}, here is what was new.</p>\n          {{> signature}}');
    await override('email/layout.mjml.hbs', layout);
    try {
      const signature = '<p>Yours,</p>\n<mj-button href="https://blog.example.org/">Visit</mj-button>\n';
      const { err, where } = await refused('email/signature.mjml.hbs', signature, '<mj-button', '<p>Yours.</p>\n');
      expect(err).toContain(`${where}the MJML tag <mj-button> reached the email as it is`);
    } finally {
      await site.write('templates/email/layout.mjml.hbs', await builtIn('email/layout.mjml.hbs'));
    }
  });

  it('refuses {{{title}}} in a user template, which the README says never to use', async () => {
    const card = (await builtIn('email/post-card.mjml.hbs')).replace('>{{title}}</a></h3>', '>{{{title}}}</a></h3>');
    const { err, where } = await refused('email/post-card.mjml.hbs', card, '{{{title}}}');
    expect(err).toContain(`${where}"title" is output without escaping ({{{ }}} or {{& }})`);
    expect(err).toContain('(write {{title}} instead; every value tidings gives a template is plain text)');
    const amp = (await builtIn('email/post-card.mjml.hbs')).replace('{{readingTime}}', '{{&readingTime}}');
    expect((await refused('email/post-card.mjml.hbs', amp, '{{&readingTime}}')).err).toContain('"readingTime" is output without escaping');
  });

  it('refuses a layout that would drop the list of a clipped issue', async () => {
    const layout = (await builtIn('email/layout.mjml.hbs')).replace('{{#with more}}{{> more-posts}}{{/with}}', '');
    const { err } = await refused('email/layout.mjml.hbs', layout, '{{> footer}}');
    expect(err).toContain(`${path.join(site.dir, 'templates', 'email', 'layout.mjml.hbs')}: error: this issue is too large for one email`);
  });

  it('builds again once the overrides are the built-in files', async () => {
    const r = await site.run('build');
    expect(r.code, r.err).toBe(0);
  });
});
