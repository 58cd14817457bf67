import { describe, expect, it } from 'vitest';
import type { Post } from '../../src/model/post.js';
import type { Block, RawPost, SourceRef } from '../../src/model/raw-post.js';
import { mergePosts } from '../../src/normalise/index.js';
import { normalised, paragraphs, rawPost } from './helpers.js';

function source(file: string, line: number): SourceRef {
  return { file, format: 'text-export', line, slot: `${file}#${line}`, hash: `hash-${file}-${line}` };
}

/** The 6 June 2019 post as the two seed exports have it (opening, closing and BMJ reference). */
function northamptonshire(file: '000' | '002'): RawPost {
  const blocks: Block[] = paragraphs(
    'The county of Northamptonshire has featured on the pages of this blog on a number of occasions. ',
    'The council has, to put it bluntly, run out of money. In 2018 it announced that the only way to balance its books was to make drastic cuts to its services.',
    'They need to read some of Reason’s articles in Northamptonshire!',
    file === '000'
      ? '*British Medical Journal 2000;320:768-770 (18 March)'
      : '*British Medical Journal 2000;320:768-770 (18 March) https://www.bmj.com/content/320/7237/768',
  );
  return rawPost({
    source: file === '000' ? source('content/imports/000_b2b273fd7784fcdb.txt', 105) : source('content/imports/002_52eae7dd46ba12e6.txt', 33),
    title: file === '000' ? null : 'Northamptonshire!',
    published: '2019-06-06',
    sequence: 0,
    body: { kind: 'blocks', blocks },
  });
}

/** The 30 June 2019 post: 000 has the name as DOS code page 852 showed it. */
function probation(file: '000' | '002', name: string): RawPost {
  return rawPost({
    source: file === '000' ? source('content/imports/000_b2b273fd7784fcdb.txt', 79) : source('content/imports/002_52eae7dd46ba12e6.txt', 3),
    title: 'More on the privatisation of the probation service: a model of how not to ‘reform’ child protection',
    published: '2019-06-30',
    body: {
      kind: 'blocks',
      blocks: paragraphs(
        'The privatisation of the probation service, which some policy analysts have seen as a model of how child protection services in England could be outsourced, comes in for more scathing criticism.',
        `In an article in the journal Work, Employment and Society, Professor Gill Kirton and Dr ${name} Guillaume conclude that the privatisation of the probation service has proved to be a disaster.`,
      ),
    },
  });
}

function both<T>(a: Post, b: Post, check: (merged: Post) => T): void {
  const ab = mergePosts(a, b);
  const ba = mergePosts(b, a);
  expect(ab).toEqual(ba);
  check(ab);
}

describe('mergePosts on the seed duplicates', () => {
  const a = normalised(northamptonshire('000'));
  const b = normalised(northamptonshire('002'));

  it('meets the same post in both files by its fingerprint', () => {
    expect(a.fingerprint).toBe(b.fingerprint);
    expect(a.id).toBe(b.id);
  });

  it('keeps the real title, the BMJ link and both sources, in either order', () => {
    both(a, b, (merged) => {
      expect(merged.title).toBe('Northamptonshire!');
      expect(merged.titleDerived).toBe(false);
      expect(merged.slug).toBe('northamptonshire');
      expect(merged.url).toBe('https://example.org/blog/posts/2019/06/northamptonshire/');
      expect(merged.html).toContain('<a href="https://www.bmj.com/content/320/7237/768">');
      expect(merged.sources.map((s) => `${s.file}:${s.line}`)).toEqual([
        'content/imports/000_b2b273fd7784fcdb.txt:105',
        'content/imports/002_52eae7dd46ba12e6.txt:33',
      ]);
    });
  });

  it('keeps the repaired name whichever copy had mojibake', () => {
    const broken = normalised(probation('000', 'C├ęcile'));
    const clean = normalised(probation('002', 'Cécile'));
    expect(broken.text).toBe(clean.text);
    both(broken, clean, (merged) => expect(merged.text).toContain('Dr Cécile Guillaume'));
  });
});

describe('mergePosts', () => {
  const base = normalised(
    rawPost({
      source: source('b.txt', 10),
      body: { kind: 'blocks', blocks: paragraphs('The same post in two places, with a link to https://example.org/a in it.') },
    }),
  );

  function variant(overrides: Partial<Post>): Post {
    return { ...structuredClone(base), ...overrides };
  }

  it('prefers the copy without lost characters even when the other has more links, and keeps those links', () => {
    const damaged = variant({
      text: 'Dr C\ufffdcile said so.',
      html: '<p>Dr C\ufffdcile said so, see <a href="https://example.org/a">a</a> and <a href="https://example.org/b">b</a>.</p>',
      sources: [source('a.txt', 3)],
    });
    const clean = variant({ text: 'Dr Cécile said so.', html: '<p>Dr Cécile said so, see <a href="https://example.org/a">a</a>.</p>' });
    both(damaged, clean, (merged) => {
      expect(merged.html).toBe('<p>Dr Cécile said so, see <a href="https://example.org/a">a</a>.</p>\n<p><a href="https://example.org/b">b</a></p>');
      expect(merged.text).toBe('Dr Cécile said so, see a.\n\nb');
      expect(merged.wordCount).toBe(7);
    });
  });

  it('prefers the body with more links, then the longer text', () => {
    const short = variant({ text: 'Short.', html: '<p>Short.</p>' });
    const long = variant({ text: 'A longer text.', html: '<p>A longer text.</p>', sources: [source('c.txt', 1)] });
    both(short, long, (merged) => expect(merged.html).toBe('<p>A longer text.</p>'));
  });

  it('takes the earlier published, the later updated, the smaller id, and every theme', () => {
    const first = variant({ id: 'bbbb', published: '2019-06-05T23:00:00Z', updated: '2019-06-07T00:00:00Z', themes: ['workforce'] });
    const second = variant({
      id: 'aaaa',
      published: '2019-06-06T08:00:00Z',
      updated: '2019-06-06T08:00:00Z',
      themes: ['ofsted', 'workforce'],
      sources: [source('a.txt', 1)],
    });
    both(first, second, (merged) => {
      expect(merged).toMatchObject({ id: 'aaaa', published: '2019-06-05T23:00:00Z', updated: '2019-06-07T00:00:00Z' });
      expect([...merged.themes].sort()).toEqual(['ofsted', 'workforce']);
      expect(merged.sources.map((s) => s.file)).toEqual(['a.txt', 'b.txt']);
    });
  });

  it('takes the primary theme from the chosen body', () => {
    const richer = variant({ html: `${base.html}<p><a href="https://example.org/z">z</a></p>`, themes: ['ofsted', 'workforce'] });
    const poorer = variant({ themes: ['workforce'], sources: [source('a.txt', 1)] });
    both(richer, poorer, (merged) => expect(merged.themes).toEqual(['ofsted', 'workforce']));
  });

  it('gives the same post back when merged with itself', () => {
    expect(mergePosts(base, structuredClone(base))).toEqual(base);
  });

  it('lists a source met twice once, and sorts sources by file then line', () => {
    const one = variant({ sources: [source('z.txt', 2), source('a.txt', 9)] });
    const two = variant({ sources: [source('a.txt', 9), source('a.txt', 1)] });
    both(one, two, (merged) => expect(merged.sources.map((s) => `${s.file}:${s.line}`)).toEqual(['a.txt:1', 'a.txt:9', 'z.txt:2']));
  });

  it('is commutative whichever fields differ', () => {
    const variants: Post[] = [
      base,
      variant({ title: 'Another title', slug: 'another-title' }),
      variant({ title: 'Derived…', titleDerived: true }),
      variant({ author: 'Someone else', summary: 'Other summary.' }),
      variant({ html: '<p>Same length!</p>', text: 'Same length!' }),
      variant({ html: '<p>Same lengtX!</p>', text: 'Same lengtX!' }),
      variant({ sequence: 4, id: '0000000000000000' }),
    ];
    for (const x of variants) for (const y of variants) expect(mergePosts(x, y)).toEqual(mergePosts(y, x));
  });

  it('does not change its inputs', () => {
    const a = normalised(northamptonshire('000'));
    const b = normalised(northamptonshire('002'));
    const before = structuredClone([a, b]);
    mergePosts(Object.freeze(a), Object.freeze(b));
    expect([a, b]).toEqual(before);
  });
});
