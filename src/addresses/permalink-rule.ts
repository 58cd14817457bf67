/**
 * A generator's permalink rule, as Jekyll (`permalink:` in _config.yml or in
 * front matter) and Hugo (`[permalinks] posts = …`) write it, applied to one
 * post. Pure. The placeholders read are the ones whose meaning both
 * generators share; `:categories` and `:section` become nothing (tidings
 * keeps a post's categories among its tags, without knowing which were
 * which), and the rest are refused when the config is read.
 */
import { DateTime } from 'luxon';

/** Jekyll's built-in styles (https://jekyllrb.com/docs/permalinks/#built-in-formats). */
const STYLES: Readonly<Record<string, string>> = {
  date: '/:categories/:year/:month/:day/:title:output_ext',
  pretty: '/:categories/:year/:month/:day/:title/',
  ordinal: '/:categories/:year/:y_day/:title:output_ext',
  weekdate: '/:categories/:year/W:week/:short_day/:title:output_ext',
  none: '/:categories/:title:output_ext',
};

const PLACEHOLDER = /:([a-z_]+)/g;

export interface RuleInput {
  /** ISO instant. */
  readonly published: string;
  readonly slug: string;
  /** The source file's name without its extension (a page bundle's folder for index.md). */
  readonly fileStem: string;
  readonly timeZone: string;
}

type Part = (input: RuleInput, local: DateTime) => string;

const PARTS: Readonly<Record<string, Part>> = {
  year: (_, d) => d.toFormat('yyyy'),
  short_year: (_, d) => d.toFormat('yy'),
  month: (_, d) => d.toFormat('MM'),
  i_month: (_, d) => d.toFormat('M'),
  short_month: (_, d) => d.setLocale('en').toFormat('LLL'),
  long_month: (_, d) => d.setLocale('en').toFormat('LLLL'),
  monthname: (_, d) => d.setLocale('en').toFormat('LLLL'),
  day: (_, d) => d.toFormat('dd'),
  i_day: (_, d) => d.toFormat('d'),
  y_day: (_, d) => d.toFormat('ooo'),
  week: (_, d) => d.toFormat('WW'),
  short_day: (_, d) => d.setLocale('en').toFormat('ccc'),
  weekday: (_, d) => d.toFormat('c'),
  hour: (_, d) => d.toFormat('HH'),
  minute: (_, d) => d.toFormat('mm'),
  second: (_, d) => d.toFormat('ss'),
  title: (p) => p.slug,
  slug: (p) => p.slug,
  slugorfilename: (p) => p.slug,
  slugorcontentbasename: (p) => p.slug,
  name: (p) => p.fileStem,
  filename: (p) => p.fileStem,
  contentbasename: (p) => p.fileStem,
  categories: () => '',
  section: () => '',
  sections: () => '',
  output_ext: () => '.html',
};

/** The rule written out: a built-in style's pattern, or the rule itself. */
export function rulePattern(rule: string): string {
  return STYLES[rule.trim()] ?? rule.trim();
}

/** Why `rule` cannot be applied (a placeholder tidings does not know), or null. */
export function permalinkRuleProblem(rule: string): string | null {
  const unknown = [...rulePattern(rule).matchAll(PLACEHOLDER)].map((m) => m[1] ?? '').filter((name) => !(name in PARTS));
  if (unknown.length > 0) return `unknown placeholder :${unknown[0]} (known: ${Object.keys(PARTS).map((k) => `:${k}`).join(', ')})`;
  return null;
}

/** True when `text` holds a placeholder (a front-matter permalink that is itself a rule). */
export function hasPlaceholder(text: string): boolean {
  return /:[a-z_]+/.test(text) && permalinkRuleProblem(text) === null && !/^[a-z][a-z0-9+.-]*:\/\//i.test(text);
}

/**
 * The path (relative to the site's base URL, no leading slash) that `rule`
 * gives the post; empty segments (`:categories` with none) collapse.
 */
export function applyRule(rule: string, input: RuleInput): string {
  const local = DateTime.fromISO(input.published, { zone: 'utc' }).setZone(input.timeZone);
  if (!local.isValid) throw new RangeError(`"${input.published}" is not an ISO instant`);
  const filled = rulePattern(rule).replace(PLACEHOLDER, (whole, name: string) => {
    const part = PARTS[name];
    if (part === undefined) return whole;
    const value = part(input, local);
    return name === 'output_ext' ? value : encodeURIComponent(value);
  });
  return filled.replace(/\/{2,}/g, '/').replace(/^\/+/, '');
}
