import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/parse.js';
import type { Config } from '../../src/config/schema.js';
import type { Issue } from '../../src/digest/index.js';
import { planIssues, SUBJECT_ROOM, variantOf } from '../../src/digest/index.js';
import { digestConfig, postAt } from './helpers.js';

/** A config whose themes are these, with the roundup settings `digest` on top. */
function withThemes(themes: { slug: string; name: string; subjectName?: string }[], digest: Partial<Config['digest']> = {}): Config {
  const base = digestConfig(digest);
  return { ...base, themes: themes.map((t) => ({ description: '', keywords: [], minScore: 2, ...t })) };
}

const at = (day: number, hour = 9) => new Date(Date.UTC(2019, 6, 29 + day, hour)).toISOString();

/** One issue with `counts[i]` posts whose theme is the i-th of `config`. */
function issueWith(config: Config, counts: number[]): Issue {
  let n = 0;
  const posts = counts.flatMap((count, i) => Array.from({ length: count }, () => postAt(++n, at(n % 6, 8 + (n % 10)), [config.themes[i]?.slug ?? ''])));
  return planIssues(posts, config).issues[0] as Issue;
}

describe('subjects', () => {
  const themes = [
    { slug: 'blame', name: 'Blame and organisational culture', subjectName: 'Blame and culture' },
    { slug: 'ofsted', name: 'Inspection and Ofsted', subjectName: 'Ofsted' },
    { slug: 'workforce', name: 'Workforce, caseloads and sickness' },
    { slug: 'scr', name: 'Serious case reviews and child deaths', subjectName: 'Serious case reviews' },
    { slug: 'funding', name: 'Privatisation and funding', subjectName: 'Privatisation' },
  ];

  it('name as many lead themes as fit in about 60 characters, in section order, then the week', () => {
    const config = withThemes(themes);
    const issue = issueWith(config, [3, 2, 0, 1, 1]);
    expect(issue.sections.map((s) => s.theme)).toEqual(['blame', 'ofsted', 'scr', 'funding']);
    expect(issue.subject).toBe('Blame and culture, Ofsted, Serious case reviews + 1 more · week 31');
    expect(issue.subject.slice(0, issue.subject.lastIndexOf(' · ')).length).toBeLessThanOrEqual(SUBJECT_ROOM);
  });

  it('rank a theme with more posts first, whatever the config order, and the sections with it', () => {
    const config = withThemes(themes);
    const issue = issueWith(config, [1, 2, 0, 0, 3]);
    expect(issue.sections.map((s) => s.theme)).toEqual(['funding', 'ofsted', 'blame']);
    expect(issue.subject).toBe('Privatisation, Ofsted, Blame and culture · week 31');
  });

  it('join names by semicolons when one holds a comma, and shorten a name that cannot fit', () => {
    const config = withThemes([themes[2] ?? themes[0], ...themes.slice(0, 2)] as typeof themes);
    expect(issueWith(config, [2, 0, 1]).subject).toBe('Workforce, caseloads and sickness; Ofsted · week 31');
    // One more name would pass the room: it is counted instead.
    expect(issueWith(config, [2, 1, 1]).subject).toBe('Workforce, caseloads and sickness + 2 more · week 31');
    const long = withThemes([{ slug: 'long', name: 'A theme whose name goes on and on well past what any phone shows of a subject' }]);
    const subject = issueWith(long, [1]).subject;
    expect(subject).toMatch(/^A theme whose name goes on .*… · week 31$/);
    expect(subject.length).toBeLessThanOrEqual(SUBJECT_ROOM + ' · week 31'.length);
  });

  it('follow digest.subject, a form a publisher can change, per variant too', () => {
    const config = withThemes(themes, { subject: '{site}: {themes} ({when})' });
    const issue = issueWith(config, [2, 1]);
    expect(issue.subject).toBe('Commentary & Notes: Blame and culture, Ofsted (week 31)');
    expect(variantOf(issue, ['ofsted'], config)?.subject).toBe('Commentary & Notes: Ofsted (week 31)');
    const counted = withThemes(themes, { subject: '{period}: {posts}' });
    expect(issueWith(counted, [2, 1]).subject).toBe('Week 31, 2019: 3 new posts');
    const daily = withThemes(themes, { period: 'daily', subject: '{when}: {themes}' });
    expect(issueWith(daily, [1]).subject).toBe('30 July: Blame and culture');
  });

  it('refuse a form with an unknown placeholder in the config, naming the file, line and the placeholders', () => {
    expect(() => parseConfig('digest:\n  subject: "{themes} · {week}"\n', 'c.yaml')).toThrow(/c\.yaml:2: error: digest\.subject: unknown placeholder \{week\}.*\{themes\}, \{when\}, \{period\}, \{posts\}, \{site\}/);
    expect(() => parseConfig('digest:\n  subject: "{themes"\n', 'c.yaml')).toThrow(/c\.yaml:2: error: digest\.subject: a brace without its pair/);
    expect(parseConfig('', 'c.yaml').digest.subject).toBe('{themes} · {when}');
  });
});
