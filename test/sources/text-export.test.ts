import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { looksLikeTextExport, readTextExport } from '../../src/sources/text-export.js';
import type { RawPost } from '../../src/model/raw-post.js';
import { blocksOf, findPost, paragraphs, seedExpectations, seedNames, seedText } from './text-export-helpers.js';

const expected = seedExpectations();

function readSeed(name: string) {
  return readTextExport({ path: `content/imports/${name}`, text: seedText(name) });
}

describe('readTextExport on the real blog export (content/imports)', () => {
  it('has an expectation for every seed file', () => {
    expect(Object.keys(expected.perFile).sort()).toEqual(seedNames());
  });

  it.each(seedNames())('%s gives exactly the posts listed in seed-posts.json, without errors', (name) => {
    const result = readSeed(name);
    const got = result.posts.map((p) => ({ date: p.published, title: p.title, line: p.source.line }));
    expect(got).toEqual(expected.perFile[name]);
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('warns about the stray `-->` at the end of 002 and about nothing else in any seed', () => {
    const warnings = seedNames().flatMap((name) => readSeed(name).diagnostics);
    expect(warnings).toEqual([
      expect.objectContaining({ file: 'content/imports/002_52eae7dd46ba12e6.txt', line: 84, severity: 'warning' }),
    ]);
    expect(warnings[0]?.message).toContain('-->');
  });

  it('together the seeds hold the distinct posts of seed-posts.json, each in the files it names', () => {
    const all = seedNames().flatMap((name) => readSeed(name).posts.map((post) => ({ name, post })));
    expect(all).toHaveLength(expected.posts.reduce((n, entry) => n + entry.files.length, 0));
    for (const entry of expected.posts) {
      for (const name of entry.files) {
        // a file may leave untitled a post that another file titles (6 June 2019 in 000)
        const match = all.find(({ name: file, post }) =>
          file === name && post.published === entry.date && (post.title === entry.title || (post.title === null && entry.files.length > 1)));
        expect(match, `${entry.date} ${entry.title ?? '(untitled)'} in ${name}`).toBeDefined();
      }
    }
  });

  it('fills source, slot, sequence and a hash of the post lines', () => {
    const name = '001_be3e72c8293320da.txt';
    const text = seedText(name);
    const post = findPost(readSeed(name).posts, '2013-10-22', 1);
    expect(post?.source).toMatchObject({ file: `content/imports/${name}`, format: 'text-export', line: 52, slot: '2013-10-22#1' });
    const lines = text.split('\n').slice(51, 66).join('\n');
    expect(post?.source.hash).toBe(createHash('sha256').update(lines).digest('hex'));
    expect(post?.published).toBe('2013-10-22');
  });

  it('reads the second and third post under one date line', () => {
    const posts = readSeed('003_35c67d2c2af0495e.txt').posts;
    const day = posts.filter((p) => p.published === '2014-08-14');
    expect(day.map((p) => [p.sequence, p.title, p.source.slot])).toEqual([
      [0, 'The Probation Service and Child Protection', '2014-08-14#0'],
      [1, 'Care Proceedings – an all time high', '2014-08-14#1'],
      [2, 'The title says it all...', '2014-08-14#2'],
    ]);
    // each body ends where the next title starts
    expect(paragraphs(day[0]).at(-1)).toMatch(/^The report gives examples/);
    expect(paragraphs(day[1]).at(-1)).toBe('I for one am not clear where the extra resources to deal with all this extra work are coming from. I wonder if they know in the Department for Education?');
    expect(paragraphs(day[2])[0]).toMatch(/^A poignantly titled article/);
  });

  it('gives untitled posts a null title and starts them at their first body line', () => {
    const june6 = findPost(readSeed('000_b2b273fd7784fcdb.txt').posts, '2019-06-06');
    expect(june6?.title).toBeNull();
    expect(june6?.source.line).toBe(105);
    expect(paragraphs(june6)[0]).toBe('The county of Northamptonshire has featured on the pages of this blog on a number of occasions.');
    const rotherham = findPost(readSeed('003_35c67d2c2af0495e.txt').posts, '2014-08-28');
    expect(rotherham?.title).toBeNull();
    expect(paragraphs(rotherham)[0]).toMatch(/^There seems little doubt/);
  });

  it('keeps short closing lines, questions, exclamations and footnotes in the body', () => {
    const p001 = readSeed('001_be3e72c8293320da.txt').posts;
    expect(paragraphs(findPost(p001, '2013-10-21', 0))).toContain("Let's see what happens.");
    expect(paragraphs(findPost(p001, '2013-10-25'))).toContain('No wonder services are experiencing strains and stresses!');
    expect(paragraphs(findPost(p001, '2013-10-03')).at(-1)).toBe('(Apologies for lack of links - written on my iPad on a Portuguese beach)');
    expect(paragraphs(findPost(p001, '2013-10-09')).at(-1)).toBe('I wonder how much the inspector who wrote that clean bill of health knew about organisational safety?');
    expect(paragraphs(findPost(p001, '2013-10-22', 1))).toContain('The researchers conclude:');

    const p000 = readSeed('000_b2b273fd7784fcdb.txt').posts;
    const tea = paragraphs(findPost(p000, '2019-07-17'));
    expect(tea).toContain('My first thought was: have these people heard of Herzberg?');
    expect(tea.indexOf('My first thought was: have these people heard of Herzberg?')).toBeLessThan(tea.length - 1);
    expect(paragraphs(findPost(p000, '2019-07-27'))).toContain('Hopefully they haven’t forgotten about this important post altogether or, worse still, abolished it by stealth!');
    const june6 = paragraphs(findPost(p000, '2019-06-06'));
    expect(june6.slice(-2)).toEqual([
      'They need to read some of Reason’s articles in Northamptonshire!',
      '*British Medical Journal 2000;320:768-770 (18 March)',
    ]);

    expect(paragraphs(findPost(readSeed('004_4b26b8ab48fb3d23.txt').posts, '2018-07-21')).at(-1)).toBe('It is sickening.');
  });

  it('keeps table fragments as separate paragraphs of the post they belong to', () => {
    const stats = paragraphs(findPost(readSeed('001_be3e72c8293320da.txt').posts, '2013-10-25'));
    expect(stats.slice(-6)).toEqual([
      '% Change',
      'Initial Assessment completed',
      'S.47 started',
      'Core Assessment completed',
      'Children made subject to CP Plans',
      'Children looked after on 31/3',
    ]);
  });

  it('turns a run of • bullets into one list (000)', () => {
    const blocks = blocksOf(findPost(readSeed('000_b2b273fd7784fcdb.txt').posts, '2019-06-06'));
    const lists = blocks.filter((b) => b.kind === 'list');
    expect(lists).toEqual([
      {
        kind: 'list',
        line: 116,
        items: [
          'high turnover of staff',
          'large numbers of agency staff',
          'significant levels of management sick leave',
          'ineffective case management and priority monitoring systems compounding problems and resulting in a lack of accuracy in identifying high risks or the need for urgency',
          'high caseloads',
          'a focus on ‘imminent danger’',
          'lack of appropriate escalation',
        ],
      },
    ]);
  });

  it('turns · bullets separated by blank lines into one list (001)', () => {
    const blocks = blocksOf(findPost(readSeed('001_be3e72c8293320da.txt').posts, '2013-10-15'));
    expect(blocks.filter((b) => b.kind === 'list')).toEqual([
      {
        kind: 'list',
        line: 108,
        items: [
          'Inexperienced',
          'Unfamiliar with child protection work in Britain',
          'Felt herself to be under pressure and overworked',
          'Felt intimidated by her managers',
          'Felt unwell',
        ],
      },
    ]);
  });

  it('joins a hard-wrapped line to the next and keeps other line breaks as paragraph breaks', () => {
    const blocks = blocksOf(findPost(readSeed('000_b2b273fd7784fcdb.txt').posts, '2019-06-06'));
    const wrapped = blocks.find((b) => b.line === 127);
    expect(wrapped?.kind === 'paragraph' && wrapped.text).toMatch(/^Against a backdrop of recent significant financial uncertainty and changes in leadership at corporate and managerial levels, /);
    expect(blocks.some((b) => b.line === 128)).toBe(false);
    const swatted = blocks.find((b) => b.line === 136);
    expect(swatted?.kind === 'paragraph' && swatted.text).toContain('“They can be swatted one by one, but they still keep coming.”');
    // 130 ends with a colon, 131 starts upper-case: two paragraphs
    expect(blocks.find((b) => b.line === 130)).toMatchObject({ text: 'Another paragraph in the Ofsted letter gives more detail of the findings:' });
    expect(blocks.find((b) => b.line === 131)).toBeDefined();
  });

  it('collapses no-break spaces and keeps the words and mojibake exactly', () => {
    const posts = readSeed('000_b2b273fd7784fcdb.txt').posts;
    const probation = paragraphs(findPost(posts, '2019-06-30'));
    expect(probation[1]).toMatch(/^In an article in the journal Work, Employment and Society, Professor Gill Kirton and Dr C├ęcile Guillaume /);
    const all = posts.flatMap((p) => paragraphs(p));
    expect(all.filter((t) => /[\u00a0]|\s{2}|^\s|\s$/.test(t))).toEqual([]);
    expect(all.find((t) => t.startsWith('Yesterday, two serious case review reports'))).toContain('looked into the death of Evelyn-Rose Muggleton, aged one year,');
  });

  it('does not linkify or otherwise change URLs', () => {
    const post = findPost(readSeed('001_be3e72c8293320da.txt').posts, '2013-10-12');
    expect(paragraphs(post)[0]).toBe('In the wake of the Daniel Pelka tragedy Coventry Council has announced that it is to appoint a retired high court judge to advise it on child protection. http://www.bbc.co.uk/news/uk-england-coventry-warwickshire-24487953');
  });

  it('recognises every seed as a text export', () => {
    for (const name of seedNames()) expect(looksLikeTextExport(seedText(name))).toBe(true);
  });
});

describe('posts shared between seeds 000 and 002', () => {
  it('are read with the same date and, where 002 titles them, the same title', () => {
    const a = readSeed('000_b2b273fd7784fcdb.txt').posts;
    const b = readSeed('002_52eae7dd46ba12e6.txt').posts;
    const pick = (posts: RawPost[]) => posts.filter((p) => p.published <= '2019-06-30').map((p) => [p.published, p.title]);
    expect(pick(a)).toEqual([
      ['2019-06-30', b[0]?.title],
      ['2019-06-26', b[1]?.title],
      ['2019-06-06', null],
    ]);
    expect(b[2]?.title).toBe('Northamptonshire!');
    expect(paragraphs(b[2])[0]).toBe(paragraphs(a[6])[0]);
  });
});
