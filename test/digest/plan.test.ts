import { describe, expect, it } from 'vitest';
import { dueIssues, MORE_POSTS, planIssues, variantOf } from '../../src/digest/index.js';
import { digestConfig, frozen, postAt } from './helpers.js';

describe('planIssues: periods', () => {
  it('groups posts by ISO week in the site time zone, skips empty weeks and numbers the issues in order', () => {
    const posts = [
      postAt(1, '2019-07-29T08:00:00Z', ['inspection']), // Monday, week 31
      postAt(2, '2019-08-04T22:30:00Z', ['workforce']), // Sunday 23:30 in London: still week 31
      postAt(3, '2019-08-04T23:30:00Z', ['policy']), // Monday 00:30 in London: week 32
      postAt(4, '2019-09-02T09:00:00Z', ['policy']), // week 36; weeks 33-35 have nothing
    ];
    const { issues, problems } = planIssues(posts, digestConfig());
    expect(problems).toEqual([]);
    expect(issues.map((i) => [i.number, i.id, i.postCount])).toEqual([
      [1, '2019-W31', 2],
      [2, '2019-W32', 1],
      [3, '2019-W36', 1],
    ]);
    expect(issues[0]?.period).toMatchObject({ start: '2019-07-28T23:00:00Z', end: '2019-08-04T23:00:00Z', label: 'Week 31, 2019', range: '29 July – 4 August 2019' });
    expect(issues[0]?.date).toBe('2019-08-04T23:00:00Z');
  });

  it('numbers weeks by their ISO week-year at a year boundary', () => {
    const { issues } = planIssues([postAt(1, '2019-12-31T12:00:00Z', []), postAt(2, '2021-01-02T12:00:00Z', [])], digestConfig());
    expect(issues.map((i) => i.id)).toEqual(['2020-W01', '2020-W53']);
  });

  it('makes daily and monthly issues when the config says so', () => {
    const posts = [postAt(1, '2019-07-31T08:00:00Z', []), postAt(2, '2019-07-31T20:00:00Z', []), postAt(3, '2019-08-01T08:00:00Z', [])];
    expect(planIssues(posts, digestConfig({ period: 'daily' })).issues.map((i) => [i.id, i.postCount, i.period.label])).toEqual([
      ['2019-07-31', 2, '31 July 2019'],
      ['2019-08-01', 1, '1 August 2019'],
    ]);
    expect(planIssues(posts, digestConfig({ period: 'monthly' })).issues.map((i) => [i.id, i.postCount, i.period.label])).toEqual([
      ['2019-07', 2, 'July 2019'],
      ['2019-08', 1, 'August 2019'],
    ]);
  });

  it('leaves out a post with an unreadable date, says why, and plans the rest', () => {
    const { issues, problems } = planIssues([postAt(1, 'last Tuesday', ['policy']), postAt(2, '2019-07-31T08:00:00Z', ['policy'])], digestConfig());
    expect(issues.map((i) => i.postCount)).toEqual([1]);
    expect(problems).toEqual([expect.stringContaining('post p00001 ("Post number 1: “quotes” & <angles>") left out of the roundups: not an ISO 8601 date-time')]);
  });

  it('does not touch its input and gives the same plan for the same posts in another order', () => {
    const posts = frozen([postAt(1, '2019-07-29T08:00:00Z', ['inspection']), postAt(2, '2019-07-30T08:00:00Z', ['workforce']), postAt(3, '2019-08-10T08:00:00Z', [])]);
    const config = frozen(digestConfig());
    const once = planIssues(posts, config);
    expect(planIssues([...posts].reverse(), config)).toEqual(once);
  });

  it('lists as due only the issues whose period has ended', () => {
    const { issues } = planIssues([postAt(1, '2019-07-29T08:00:00Z', []), postAt(2, '2019-08-06T08:00:00Z', [])], digestConfig());
    expect(dueIssues(issues, new Date('2019-08-05T10:00:00Z')).map((i) => i.id)).toEqual(['2019-W31']);
    expect(dueIssues(issues, new Date('2019-08-04T22:59:59Z'))).toEqual([]);
  });
});

describe('planIssues: sections, subject and preheader', () => {
  const week = (day: number, hour: number) => `2019-07-${String(29 + day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00:00Z`;
  const posts = [
    postAt(1, week(0, 9), ['policy', 'inspection'], { title: 'Ministers again' }),
    postAt(2, week(1, 9), ['workforce'], { title: 'Caseloads rise' }),
    postAt(3, week(1, 10), [], { title: 'An aside' }),
    postAt(4, week(2, 9), ['workforce', 'policy'], { title: 'Sickness absence' }),
    postAt(5, week(2, 8), ['inspection'], { title: 'Ofsted, once more' }),
    postAt(6, week(0, 8), ['retired-theme', 'policy'], { title: 'An old theme' }),
  ];
  const [issue] = planIssues(posts, digestConfig()).issues;

  it('puts each post once, under its primary theme, most posts first (config order on a tie), then "More posts"', () => {
    expect(issue?.sections.map((s) => [s.theme, s.name, s.posts.map((p) => p.title)])).toEqual([
      ['workforce', 'Workforce', ['Caseloads rise', 'Sickness absence']],
      ['policy', 'Ministers <and> policy', ['An old theme', 'Ministers again']],
      ['inspection', 'Inspection & Ofsted', ['Ofsted, once more']],
      [null, MORE_POSTS, ['An aside']],
    ]);
  });

  it('names the lead themes in section order, then the period, in the subject', () => {
    expect(issue?.subject).toBe('Workforce, Ministers <and> policy, Inspection & Ofsted · week 31');
    expect(issue?.subject.split(' · ')[0]?.split(', ')).toEqual(issue?.sections.flatMap((s) => (s.theme === null ? [] : [s.name])));
  });

  it('draws the preheader from the top post of the first sections', () => {
    expect(issue?.preheader).toBe('Caseloads rise · An old theme · Ofsted, once more');
  });

  it('gives a subject and preheader of its own to a variant, with the posts whose second theme is followed', () => {
    const variant = issue ? variantOf(issue, ['inspection'], digestConfig()) : null;
    expect(variant?.sections.map((s) => s.posts.map((p) => p.title))).toEqual([['Ministers again', 'Ofsted, once more']]);
    expect(variant?.subject).toBe('Inspection & Ofsted · week 31');
    expect(variant?.preheader).toBe('Ministers again');
  });

  it('counts posts when no post has a theme', () => {
    const [only] = planIssues([postAt(1, week(0, 9), []), postAt(2, week(1, 9), [])], digestConfig()).issues;
    expect(only?.subject).toBe('2 new posts · week 31');
    expect(only?.sections.map((s) => s.name)).toEqual([MORE_POSTS]);
  });

  it('keeps excerpts within digest.excerptLength, cut at a word', () => {
    const long = postAt(1, week(0, 9), [], { text: 'word '.repeat(500) });
    const [short] = planIssues([long], digestConfig({ excerptLength: 100 })).issues;
    const excerpt = short?.sections[0]?.posts[0]?.excerpt ?? '';
    expect(excerpt.length).toBeLessThanOrEqual(100);
    expect(excerpt).toMatch(/^(word )+word…$/);
  });
});
