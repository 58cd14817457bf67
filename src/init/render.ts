/**
 * The text of a new tidings.config.yaml: what was found, each section with
 * a comment saying where its values came from and what to check. Values are
 * written as JSON strings (valid YAML), so no title or tag needs quoting rules.
 */
import type { SiteSettings } from './settings.js';
import type { ProposedTheme } from './themes.js';

export interface InitPlan {
  /** `a Jekyll site (blog/_config.yml)`, `a WordPress export (site.xml)`… */
  found: string;
  settings: SiteSettings;
  /** Where each setting came from, for the comment above `site:`. */
  settingsFrom: string;
  contentPaths: string[];
  themes: ProposedTheme[];
  postsRead: number;
  /** true for an export file that holds pages (pages are then offered, off). */
  offerPages: boolean;
}

const q = (value: string): string => JSON.stringify(value);

export function renderConfig(plan: InitPlan): string {
  const s = plan.settings;
  const lines: string[] = [
    `# tidings configuration, written by \`tidings init\` for ${plan.found}.`,
    '# Every key has a default; docs/configuration.md lists them all.',
    '',
    `# The site, ${plan.settingsFrom}. Check the base URL: feeds and emails link to it.`,
    'site:',
    `  title: ${q(s.title ?? 'My blog')}`,
  ];
  if (s.description !== undefined) lines.push(`  description: ${q(s.description)}`);
  lines.push(s.baseUrl !== undefined ? `  baseUrl: ${q(s.baseUrl)}` : '  # baseUrl: "https://example.org/"   # not found: set your site\'s address');
  if (s.author !== undefined) lines.push(`  author: ${q(s.author)}`);
  lines.push(s.language !== undefined ? `  language: ${q(s.language)}` : '  # language: "en-GB"   # not found: the default is en-GB');
  lines.push(
    s.timeZone !== undefined
      ? `  timeZone: ${q(s.timeZone)}   # dates without an offset are read in this zone`
      : '  # timeZone: "Europe/London"   # not found: dates without an offset are read in UTC',
  );
  lines.push('', '# What `tidings import` reads when given no path.', 'content:', `  paths: [${plan.contentPaths.map(q).join(', ')}]`);
  if (plan.offerPages) lines.push('  # pages: true   # also read the export\'s pages as posts');
  lines.push('', 'store:', '  path: .tidings/tidings.db', '', 'build:', '  outDir: out', '');
  if (plan.themes.length === 0) {
    lines.push(
      `# Themes group posts in feeds and roundups. None proposed: the ${plan.postsRead} post(s) read have no`,
      '# tags or categories in common. Add some, e.g.:',
      '# themes:',
      '#   - slug: travel',
      '#     name: Travel',
      '#     keywords: [travel, journey, trip]',
      'themes: []',
    );
  } else {
    lines.push(
      `# Themes proposed from the tags and categories used most in the ${plan.postsRead} post(s) read.`,
      '# A post tagged with a theme\'s name gets it; otherwise its keywords are looked for in the',
      '# title (worth 3) and the text (worth 1), and minScore (default 2) is needed. Rename, merge,',
      '# add keywords or remove themes as you like.',
      'themes:',
    );
    for (const t of plan.themes) {
      lines.push(`  - slug: ${t.slug}   # on ${t.posts} post(s)`, `    name: ${q(t.name)}`, `    keywords: [${t.keywords.map(q).join(', ')}]`);
    }
  }
  lines.push(
    '',
    'digest:',
    '  period: weekly',
    '',
    '# Set these before sending email: the From address and the postal address every roundup shows.',
    '# email:',
    '#   from: "My blog <roundup@example.org>"',
    '#   postalAddress: "1 High Street, Town, Country"',
    '',
  );
  return lines.join('\n');
}
