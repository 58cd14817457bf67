import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Issue } from '../../src/digest/index.js';
import { BUILT_IN_TEMPLATES_DIR, compileTemplates, planIssues, renderIssue, TemplateError } from '../../src/digest/index.js';
import { loadTemplates } from '../../src/build/load-templates.js';
import { InputError } from '../../src/errors.js';
import { REPO } from '../helpers/site.js';
import { digestConfig, postAt, sample, siteDir } from './helpers.js';

const config = digestConfig();
const issue = planIssues([postAt(1, '2019-07-30T08:00:00Z', ['inspection']), postAt(2, '2019-07-31T08:00:00Z', ['policy'])], config).issues[0] as Issue;

let site: Awaited<ReturnType<typeof siteDir>>;
beforeEach(async () => {
  site = await siteDir();
});
afterEach(() => site.cleanup());

const builtIn = (name: string) => readFile(path.join(BUILT_IN_TEMPLATES_DIR, name), 'utf8');
const load = (cfg = config) => loadTemplates({ config: cfg, rootDir: site.dir });
const render = async (cfg = config) => renderIssue(issue, { config: cfg, templates: compileTemplates(await load(cfg)) });

/** The error `run` fails with (a TemplateError is expected). */
async function failure(run: () => Promise<unknown>): Promise<TemplateError> {
  try {
    await run();
  } catch (error) {
    if (error instanceof TemplateError) return error;
    throw error;
  }
  throw new Error('expected a TemplateError');
}

describe('templates: where they come from', () => {
  it('come built in from the package folder, whatever the working directory', async () => {
    expect(path.resolve(BUILT_IN_TEMPLATES_DIR)).toBe(path.join(REPO, 'templates'));
    const set = await load();
    expect(set.layout.file).toBe(path.join(REPO, 'templates', 'email', 'layout.mjml.hbs'));
    expect([...set.partials.keys()]).toEqual(['footer', 'more-posts', 'post-card', 'section', 'theme']);
    expect(set.partials.get('theme')?.file).toBe(path.join(REPO, 'templates', 'themes', 'light', 'theme.mjml.hbs'));
  });

  it('are replaced by a file of the same name in the user templates folder (digest.templatesDir, relative to the site)', async () => {
    const footer = (await builtIn('email/footer.mjml.hbs')).replace('You are receiving this', 'Our own footer: you get this');
    const file = await site.write('my-templates/email/footer.mjml.hbs', footer);
    const cfg = { ...config, digest: { ...config.digest, templatesDir: 'my-templates' } };
    const set = await loadTemplates({ config: cfg, rootDir: site.dir });
    expect(set.partials.get('footer')?.file).toBe(file);
    expect(set.partials.get('section')?.file).toBe(path.join(BUILT_IN_TEMPLATES_DIR, 'email', 'section.mjml.hbs'));
    const { html } = sample(await render(cfg));
    expect(html).toContain('Our own footer: you get this');
    expect(html).not.toContain('You are receiving this');
  });

  it('choose the visual theme from digest.visualTheme, including one of the user own', async () => {
    const dusk = sample(await render({ ...config, digest: { ...config.digest, visualTheme: 'dusk' } })).html;
    const light = sample(await render()).html;
    expect(light).toContain('background-color:#f2f1ec');
    expect(dusk).toContain('background-color:#2b2540');
    const mine = (await builtIn('themes/light/theme.mjml.hbs')).replaceAll('#f2f1ec', '#abcdef');
    await site.write('templates/themes/mine/theme.mjml.hbs', mine);
    expect(sample(await render({ ...config, digest: { ...config.digest, visualTheme: 'mine' } })).html).toContain('background-color:#abcdef');
  });

  it('refuse a visual theme that does not exist, listing the ones that do', async () => {
    await expect(load({ ...config, digest: { ...config.digest, visualTheme: 'neon' } })).rejects.toThrow(InputError);
    await expect(load({ ...config, digest: { ...config.digest, visualTheme: 'neon' } })).rejects.toThrow(/digest\.visualTheme "neon" has no templates.*available: "dusk", "light"/);
  });
});

describe('templates: a broken template fails with its file and line', () => {
  it('a Handlebars syntax error in a user override', async () => {
    const file = await site.write('templates/email/section.mjml.hbs', '<mj-section>\n  <mj-column>\n    {{#each posts}}{{> post-card}}\n  </mj-column>\n</mj-section>\n');
    const error = await failure(() => render());
    expect(error.file).toBe(file);
    expect(error.line).toBeGreaterThanOrEqual(3);
    expect(error.message).toContain(`${file}:${error.line}: error: Handlebars syntax error`);
    expect(error.exitCode).toBe(2);
  });

  it('an unknown partial', async () => {
    const layout = (await builtIn('email/layout.mjml.hbs')).replace('{{> footer}}', '{{> fotter}}');
    const file = await site.write('templates/email/layout.mjml.hbs', layout);
    const error = await failure(() => render());
    const line = layout.split('\n').findIndex((l) => l.includes('{{> fotter}}')) + 1;
    expect(error.message).toContain(`${file}:${line}: error: unknown partial "fotter"`);
  });

  it('a block helper without its value, which Handlebars would only find while rendering', async () => {
    const file = await site.write('templates/email/post-card.mjml.hbs', '<mj-text>\n{{#if}}<p>{{title}}</p>{{/if}}\n<p><a href="{{url}}">Read more: {{title}}</a></p>\n</mj-text>\n');
    expect((await failure(() => render())).message).toContain(`${file}:2: error: {{#if}} takes exactly one value`);
  });

  it('an unknown helper', async () => {
    const file = await site.write('templates/email/post-card.mjml.hbs', '<mj-text>\n{{uppercase title}}\n</mj-text>\n');
    expect((await failure(() => render())).message).toContain(`${file}:2: error: unknown helper "uppercase"`);
  });

  it('an MJML validation error, traced to the partial and line that made it', async () => {
    const card = (await builtIn('email/post-card.mjml.hbs')).replace('<mj-text mj-class="post">', '<mj-text mj-class="post" colour="red">');
    const file = await site.write('templates/email/post-card.mjml.hbs', card);
    const error = await failure(() => render());
    const line = card.split('\n').findIndex((l) => l.includes('colour="red"')) + 1;
    expect(error.file).toBe(file);
    expect(error.line).toBe(line);
    expect(error.message).toContain(`${file}:${line}: error: unknown attribute "colour" on <mj-text> (did you mean color="…"?`);
  });

  it('an MJML nesting error, traced to the partial and line of the tag even when the line starts with Handlebars', async () => {
    const section = (await builtIn('email/section.mjml.hbs')).replace('    {{#each posts}}', '    {{#if name}}<mj-section><mj-column><mj-text>nested</mj-text></mj-column></mj-section>{{/if}}\n    {{#each posts}}');
    const file = await site.write('templates/email/section.mjml.hbs', section);
    const line = section.split('\n').findIndex((l) => l.includes('{{#if name}}<mj-section>')) + 1;
    const error = await failure(() => render());
    expect(error.message).toContain(`${file}:${line}: error: MJML: mj-section cannot be used inside mj-column`);
  });

  it('no complaint about tags in comments or attributes written with Handlebars', async () => {
    const card = (await builtIn('email/post-card.mjml.hbs'))
      .replace('<mj-text mj-class="post">', '{{!-- <mj-bogus> was here --}}<!-- <mj-old colour="red"> -->\n<mj-text mj-class="post" {{#if excerpt}}align="left"{{else}}align="center"{{/if}} css-class="{{url}}">');
    await site.write('templates/email/post-card.mjml.hbs', card);
    expect(sample(await render()).html).toContain('Read more:');
  });

  it('an MJML element that does not exist, in the layout', async () => {
    const layout = (await builtIn('email/layout.mjml.hbs')).replace('<mj-section mj-class="top">', '<mj-sektion mj-class="top">').replace(/<\/mj-section>/, '</mj-sektion>');
    const file = await site.write('templates/email/layout.mjml.hbs', layout);
    const line = layout.split('\n').findIndex((l) => l.includes('<mj-sektion')) + 1;
    expect((await failure(() => render())).message).toContain(`${file}:${line}: error: unknown MJML element <mj-sektion> (did you mean <mj-section>?)`);
  });

  it('a footer without an unsubscribe link', async () => {
    const footer = (await builtIn('email/footer.mjml.hbs')).replace(' · <a href="{{links.unsubscribe}}">Unsubscribe</a>', '');
    const file = await site.write('templates/email/footer.mjml.hbs', footer);
    expect((await failure(() => render())).message).toContain(`${file}: error: the email has no unsubscribe link ({{links.unsubscribe}})`);
  });

  it('a layout that leaves the footer out is named for the missing links, not the footer it does not use', async () => {
    const layout = (await builtIn('email/layout.mjml.hbs')).replace('{{> footer}}', '');
    const file = await site.write('templates/email/layout.mjml.hbs', layout);
    expect((await failure(() => render())).message).toContain(`${file}: error: the email has no preferences link ({{links.preferences}})`);
  });

  it('a per-recipient value used inside a tag, where escaping would not protect it', async () => {
    const card = (await builtIn('email/layout.mjml.hbs')).replace('<p>Hello {{recipient.name}},', '<p title="{{recipient.name}}">Hello {{recipient.name}},');
    await site.write('templates/email/layout.mjml.hbs', card);
    expect((await failure(() => render())).message).toContain('{{recipient.name}} is used inside a tag');
  });

  it('an image without alt text', async () => {
    const layout = await builtIn('email/layout.mjml.hbs');
    const logo = (alt: string) => layout.replace('<mj-section mj-class="masthead">', `<mj-section><mj-column><mj-image src="https://blog.example.org/logo.png"${alt} /></mj-column></mj-section>\n<mj-section mj-class="masthead">`);
    await site.write('templates/email/layout.mjml.hbs', logo(''));
    expect((await failure(() => render())).message).toContain('an image has no alt text: <img');
    await site.write('templates/email/layout.mjml.hbs', logo(' alt="Commentary &amp; Notes"'));
    expect(sample(await render()).html).toMatch(/<img alt="Commentary &amp; Notes"[^>]*src="https:\/\/blog.example.org\/logo.png"/);
  });

  it('a web font stylesheet', async () => {
    const theme = (await builtIn('themes/light/theme.mjml.hbs'))
      .replace('<mj-attributes>', '<mj-font name="Lato" href="https://fonts.googleapis.com/css?family=Lato" />\n<mj-attributes>')
      .replace(/<mj-all font-family="[^"]*"/, '<mj-all font-family="Lato, sans-serif"');
    await site.write('templates/themes/light/theme.mjml.hbs', theme);
    expect((await failure(() => render())).message).toContain('the email links an external stylesheet');
  });
});
