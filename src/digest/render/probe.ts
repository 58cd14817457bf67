import type { Config } from '../../config/schema.js';
import type { Issue, IssuePost } from '../model.js';
import { MORE_POSTS } from '../sections.js';
import { siteUrl } from '../../feeds/urls.js';
import type { RenderContext } from './render.js';
import { renderIssue, renderWithCards } from './render.js';

/**
 * Renders a small made-up issue with every part the templates have (a
 * theme's section and "More posts", excerpts, the list of a clipped issue,
 * the postal address), so that a template problem only the rendered email
 * shows (an image without alt text, an MJML tag inside mj-text, a layout
 * without the list) fails before a build writes anything, not half-way
 * through its roundups. Throws TemplateError; pure.
 */
export function probeTemplates(config: Config, ctx: Pick<RenderContext, 'templates'>): void {
  const issue = sampleIssue(config);
  const probeConfig: Config = { ...config, email: { ...config.email, postalAddress: config.email.postalAddress || '1 Sample Street' } };
  renderIssue(issue, { config: probeConfig, templates: ctx.templates });
  renderWithCards(issue, { config: probeConfig, templates: ctx.templates }, 2);
}

function sampleIssue(config: Config): Issue {
  const theme = config.themes[0];
  const post = (i: number, themes: string[]): IssuePost => ({
    id: `probe-${i}`,
    title: `Sample post ${i}`,
    url: siteUrl(config, `posts/sample-${i}/`),
    published: '2019-07-30T08:00:00.000Z',
    updated: '2019-07-30T08:00:00.000Z',
    date: '30 July 2019',
    author: 'Sample Author',
    excerpt: 'The opening words of a sample post, to see the templates at work.',
    readingMinutes: 3,
    themes,
  });
  const sections = [
    ...(theme ? [{ theme: theme.slug, name: theme.name, description: theme.description || 'About this theme', posts: [post(1, [theme.slug]), post(2, [theme.slug])] }] : []),
    { theme: null, name: MORE_POSTS, description: '', posts: [post(3, []), post(4, [])] },
  ];
  const postCount = sections.reduce((n, s) => n + s.posts.length, 0);
  return {
    id: '2019-W31',
    number: 1,
    period: { kind: 'weekly', id: '2019-W31', start: '2019-07-29T00:00:00.000Z', end: '2019-08-05T00:00:00.000Z', label: 'Week 31, 2019', range: '29 July – 4 August 2019', short: 'week 31' },
    date: '2019-08-05T00:00:00.000Z',
    subject: 'Week 31, 2019: a sample',
    preheader: 'Sample post 1, Sample post 2',
    sections,
    posts: sections.flatMap((s) => s.posts),
    postCount,
    updated: '2019-07-30T08:00:00.000Z',
  };
}
