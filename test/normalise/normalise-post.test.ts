import { describe, expect, it } from 'vitest';
import { damageScore, fingerprint, NESTING_LIMIT, normalisePost, postId, SUMMARY_LIMIT } from '../../src/normalise/index.js';
import { makeConfig, normalised, paragraphs, rawPost } from './helpers.js';

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}

describe('normalisePost', () => {
  it('fills every field of a Post from a plain-text export post', () => {
    const raw = rawPost({
      title: 'Compliance and Cover-up',
      published: '2019-07-31',
      body: {
        kind: 'blocks',
        blocks: paragraphs(
          'It doesn’t take a lot of thought to conclude that there must have been a toxic culture of cover-up and denial in Nottinghamshire.',
          'Social workers and Ofsted inspectors knew about the caseloads.',
        ),
      },
    });
    const post = normalised(raw);
    expect(post).toEqual({
      id: postId(undefined, post.fingerprint),
      slug: 'compliance-and-cover-up',
      url: 'https://example.org/blog/posts/2019/07/compliance-and-cover-up/',
      title: 'Compliance and Cover-up',
      titleDerived: false,
      published: '2019-07-30T23:00:00Z',
      updated: '2019-07-30T23:00:00Z',
      sequence: 0,
      author: 'Site Author',
      html:
        '<p>It doesn’t take a lot of thought to conclude that there must have been a toxic culture of cover-up and denial in Nottinghamshire.</p>\n' +
        '<p>Social workers and Ofsted inspectors knew about the caseloads.</p>',
      text:
        'It doesn’t take a lot of thought to conclude that there must have been a toxic culture of cover-up and denial in Nottinghamshire.\n\n' +
        'Social workers and Ofsted inspectors knew about the caseloads.',
      summary:
        'It doesn’t take a lot of thought to conclude that there must have been a toxic culture of cover-up and denial in Nottinghamshire. ' +
        'Social workers and Ofsted inspectors knew about the caseloads.',
      wordCount: 32,
      readingMinutes: 1,
      themes: ['ofsted', 'workforce'],
      tags: [],
      sources: [raw.source],
      fingerprint: '2019-07-31:it doesnt take a lot of thought to conclude that there must have been a toxic',
    });
  });

  it('derives a title from the first sentence when the source has none', () => {
    const post = normalised(
      rawPost({
        title: null,
        body: { kind: 'blocks', blocks: paragraphs('The county of Northamptonshire has featured on the pages of this blog on a number of occasions. ') },
      }),
    );
    expect(post.title).toBe('The county of Northamptonshire has featured on the pages of this blog…');
    expect(post.titleDerived).toBe(true);
    expect(post.slug).toBe('the-county-of-northamptonshire-has-featured-on-the-pages-of');
  });

  it('treats a blank title as no title', () => {
    expect(normalised(rawPost({ title: ' \u00a0 ' })).titleDerived).toBe(true);
  });

  it('repairs mojibake in the title, body, author and summary', () => {
    const post = normalised(
      rawPost({
        title: 'Dr C├ęcile Guillaume',
        author: 'RenÃ©e',
        summary: 'Itâ€™s about Cécile.',
        body: { kind: 'blocks', blocks: [...paragraphs('Professor Gill Kirton and Dr C├ęcile Guillaume conclude.'), { kind: 'list', items: ['donâ€™t'], line: 9 }] },
      }),
    );
    expect(post.title).toBe('Dr Cécile Guillaume');
    expect(post.author).toBe('Renée');
    expect(post.summary).toBe('It’s about Cécile.');
    expect(post.text).toBe('Professor Gill Kirton and Dr Cécile Guillaume conclude.\n\n- don’t');
    expect(damageScore(post.html)).toBe(0);
  });

  it('gives the same id to the same post wherever it was read from, whatever its title or the base URL', () => {
    const a = normalised(rawPost({ source: { file: 'a.txt', format: 'text-export', line: 5, slot: 's', hash: 'h' }, title: 'One title' }));
    const b = normalised(
      rawPost({ source: { file: 'other/b.txt', format: 'text-export', line: 90, slot: 't', hash: 'i' }, title: null, sequence: 3 }),
      makeConfig({ site: { baseUrl: 'https://elsewhere.example/', timeZone: 'Europe/London' } }),
    );
    expect(a.id).toBe(b.id);
    expect(a.fingerprint).toBe(b.fingerprint);
  });

  it('takes the id from an id the source states', () => {
    const post = normalised(rawPost({ explicitId: 'https://old.example/p/1' }));
    expect(post.id).toBe(postId('https://old.example/p/1', 'ignored'));
  });

  it('gives two posts on the same date with the same title different ids', () => {
    const a = normalised(rawPost({ title: 'Update', body: { kind: 'blocks', blocks: paragraphs('The first short note.') } }));
    const b = normalised(rawPost({ title: 'Update', body: { kind: 'blocks', blocks: paragraphs('A second, different note.') } }));
    expect(a.id).not.toBe(b.id);
  });

  it('uses the stated author, slug, summary, themes and updated date', () => {
    const post = normalised(
      rawPost({
        author: ' Jane  Doe ',
        slug: 'my-own-slug',
        summary: 'Short.',
        themes: ['Serious case reviews', 'Unthemed', ' unthemed ', ''],
        updated: '2019-06-07T10:00:00+01:00',
      }),
    );
    expect(post.tags).toEqual(['Serious case reviews', 'Unthemed']);
    expect(post).toMatchObject({
      author: 'Jane Doe',
      slug: 'my-own-slug',
      url: 'https://example.org/blog/posts/2019/06/my-own-slug/',
      summary: 'Short.',
      themes: ['case-reviews'],
      updated: '2019-06-07T09:00:00Z',
    });
  });

  it('never lets updated come before published', () => {
    expect(normalised(rawPost({ published: '2019-06-06', updated: '2019-06-01' })).updated).toBe('2019-06-05T23:00:00Z');
  });

  it('skips a draft with an info line and returns no post', () => {
    const result = normalisePost(rawPost({ draft: true }), { config: makeConfig() });
    expect(result).toEqual({
      skipped: expect.objectContaining({ file: 'content/imports/a.txt', line: 1, severity: 'info', message: expect.stringContaining('draft') }),
    });
  });

  it('reads a local date-time in the site time zone, summer time included', () => {
    const config = makeConfig(); // Europe/London
    const summer = normalisePost(rawPost({ published: '2011-04-27T22:00:00' }), { config });
    const winter = normalisePost(rawPost({ published: '2011-12-27T22:00:00' }), { config });
    expect('post' in summer && summer.post.published).toBe('2011-04-27T21:00:00Z');
    expect('post' in winter && winter.post.published).toBe('2011-12-27T22:00:00Z');
  });

  it('reports a bad date as an error with the place and a hint, never a guess', () => {
    const result = normalisePost(rawPost({ published: '31/07/2019', source: { file: 'x.md', format: 'markdown', line: 0, slot: 'x.md', hash: 'h' } }), {
      config: makeConfig(),
    });
    expect(result).toEqual({
      diagnostic: expect.objectContaining({ file: 'x.md', line: 0, severity: 'error', message: expect.stringContaining('31/07/2019'), hint: expect.any(String) }),
    });
    const updated = normalisePost(rawPost({ updated: 'yesterday' }), { config: makeConfig() });
    expect('diagnostic' in updated && updated.diagnostic.message).toContain('update date');
  });

  it('reports a post with neither title nor text', () => {
    const result = normalisePost(rawPost({ title: null, body: { kind: 'html', html: '<script>x</script>' } }), { config: makeConfig() });
    expect('diagnostic' in result && result.diagnostic.severity).toBe('warning');
  });

  it('renders Markdown and makes relative links absolute against the site', () => {
    const post = normalised(rawPost({ body: { kind: 'markdown', markdown: 'See [about](/about/) and ![a](img/a.png).\r\n\r\n<b>bold</b>' } }));
    expect(post.html).toBe('<p>See <a href="https://example.org/about/">about</a> and <img src="https://example.org/blog/img/a.png" alt="a" />.</p>\n<p><b>bold</b></p>');
    expect(post.text).toBe('See about and .\n\nbold');
  });

  it('resolves relative links in a feed post against its original address', () => {
    const post = normalised(
      rawPost({ url: 'https://old.example/2019/06/post.html', body: { kind: 'html', html: '<p><a href="other.html">o</a></p>' } }),
    );
    expect(post.html).toBe('<p><a href="https://old.example/2019/06/other.html">o</a></p>');
  });

  describe('hostile input', () => {
    it('removes scripts, javascript: links, event handlers and control characters, and balances markup', () => {
      const post = normalised(
        rawPost({
          title: 'Hello\u0000 <script>alert(1)</script>',
          body: {
            kind: 'html',
            html:
              '<p>Text\u0007 <script>alert("x")</script><a href="javascript:alert(1)">click</a>' +
              '<img src="x" onerror="alert(1)"><iframe src="https://evil.example/"></iframe><div onmouseover="x">over<b>unclosed',
          },
        }),
      );
      expect(post.html).not.toMatch(/script|javascript|onerror|onmouseover|iframe|evil/i);
      expect(post.html).not.toContain('\u0007');
      expect(post.title).not.toContain('\u0000');
      // A <div> closes the open <p>, as in a browser.
      expect(post.html).toBe('<p>Text click<img src="https://example.org/blog/x" /></p>over<b>unclosed</b>');
      expect(post.text).toBe('Text click\n\noverunclosed');
      // The title is plain text: escaped where it is used, kept as written here.
      expect(post.title).toBe('Hello <script>alert(1)</script>');
    });

    it('escapes markup in a plain-text export', () => {
      const post = normalised(rawPost({ body: { kind: 'blocks', blocks: paragraphs('<img src=x onerror=alert(1)> & <b>') } }));
      expect(post.html).toBe('<p>&lt;img src=x onerror=alert(1)&gt; &amp; &lt;b&gt;</p>');
      expect(post.text).toBe('<img src=x onerror=alert(1)> & <b>');
    });

    it('keeps right-to-left text and emoji intact', () => {
      const post = normalised(rawPost({ title: 'שלום עולם 👋', body: { kind: 'blocks', blocks: paragraphs('مرحبا بالعالم. 👨‍👩‍👧 family.') } }));
      expect(post.title).toBe('שלום עולם 👋');
      expect(post.text).toBe('مرحبا بالعالم. 👨‍👩‍👧 family.');
      expect(post.html).toBe('<p>مرحبا بالعالم. 👨‍👩‍👧 family.</p>');
    });

    it('turns away deeply nested markup with a diagnostic instead of hanging', () => {
      const result = normalisePost(rawPost({ body: { kind: 'html', html: '<b>'.repeat(300_000) } }), { config: makeConfig() });
      expect('diagnostic' in result && result.diagnostic).toMatchObject({ severity: 'error', message: expect.stringContaining('300000 HTML tags') });
    });

    it('drops tags nested deeper than the limit but keeps their text', () => {
      const post = normalised(rawPost({ body: { kind: 'html', html: `${'<blockquote>'.repeat(150)}deep words` } }));
      expect(post.text).toContain('deep words');
      expect(post.html.match(/<blockquote>/g)?.length).toBe(NESTING_LIMIT);
    });

    it('normalises a 1 MB post', () => {
      const paragraph = 'Social workers reported to inspectors that they were overwhelmed and drowning (see https://example.org/r). ';
      const blocks = paragraphs(...Array.from({ length: 1_000 }, () => paragraph.repeat(10)));
      const raw = rawPost({ body: { kind: 'blocks', blocks } });
      expect(JSON.stringify(raw).length).toBeGreaterThan(1_000_000);
      const post = normalised(raw);
      // 12 words and a URL per sentence.
      expect(post.wordCount).toBe(1_000 * 10 * 13);
      expect([...post.summary].length).toBeLessThanOrEqual(SUMMARY_LIMIT);
      // One keyword of each theme per sentence: a tie, so config order.
      expect(post.themes).toEqual(['ofsted', 'workforce']);
    });
  });

  it('does not change its input', () => {
    const raw = deepFreeze(
      rawPost({ title: null, themes: ['workforce'], body: { kind: 'blocks', blocks: [...paragraphs('Dr C├ęcile  said.'), { kind: 'list', items: [' a '], line: 9 }] } }),
    );
    const copy = structuredClone(raw);
    const post = normalised(raw);
    expect(raw).toEqual(copy);
    expect(post.sources[0]).not.toBe(raw.source);
  });

  it('computes the fingerprint from the local date and the plain text', () => {
    const post = normalised(rawPost({ published: '2019-06-06T00:30:00+01:00' }));
    expect(post.fingerprint).toBe(fingerprint('2019-06-05T23:30:00Z', post.text, 'Europe/London'));
    expect(post.fingerprint.startsWith('2019-06-06:')).toBe(true);
  });
});
