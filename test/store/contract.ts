import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Post } from '../../src/model/post.js';
import type { Store } from '../../src/store/store.js';
import { FILE, NO_COUNTS, deepFreeze, makeBatch, makePost } from './fixtures/posts.js';
import { describeClickContract } from './click-contract.js';
import { describePostChangeContract } from './post-change-contract.js';
import { describeHubNoticeContract } from './hub-notice-contract.js';
import { describeIssueNumberContract } from './issue-number-contract.js';
import { describeRunContract } from './run-contract.js';
import { describeInboundContract } from './inbound-contract.js';
import { describeSendLogContract } from './send-log-contract.js';
import { describeSignupLimitContract } from './signup-limit-contract.js';
import { describeSubscriberContract } from './subscriber-contract.js';

/**
 * What every Store implementation must do, whatever the engine. Each test
 * gets a fresh, empty store from `makeStore` and closes it afterwards.
 */
export function describeStoreContract(name: string, makeStore: () => Promise<Store>): void {
  describe(`${name} (Store contract)`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await makeStore();
    });
    afterEach(async () => {
      await store.close();
    });

    const ids = (posts: Post[]): string[] => posts.map((post) => post.id);
    const importPosts = (posts: Post[]) => store.applyImport(makeBatch(posts));

    describe('an empty store', () => {
      it('has no posts, no source files and no import runs', async () => {
        expect(await store.listPosts()).toEqual([]);
        expect(await store.countPosts()).toBe(0);
        expect(await store.postIndex()).toEqual([]);
        expect(await store.getPost('nope')).toBeUndefined();
        expect(await store.getPosts(['nope'])).toEqual([]);
        expect(await store.sourceFiles()).toEqual(new Map());
        expect(await store.listImportRuns()).toEqual([]);
      });
    });

    describe('round trip', () => {
      const post = makePost('round-trip', {
        title: 'Re: “Care” & <proceedings> — ünïcödé 🙂',
        titleDerived: true,
        published: '2016-11-07T08:30:00.000Z',
        updated: '2017-01-02T10:00:00.000Z',
        sequence: 3,
        author: '',
        html: `<p>${'Long paragraph with “quotes”, \u00a0non-breaking spaces and emoji 🎉. '.repeat(2_000)}</p>`,
        text: 'Line one\nLine two\n\nLine "three"',
        summary: 'Line one Line two',
        wordCount: 12_345,
        readingMinutes: 2.5,
        themes: ['social-work', 'adoption', 'care-proceedings'],
        sources: [
          { file: 'z-last.txt', format: 'text-export', line: 120, slot: '2016-11-07#0', hash: 'c'.repeat(64) },
          { file: 'a-first.md', format: 'markdown', line: 1, slot: 'a-first.md', hash: 'a'.repeat(64) },
          { file: 'feed.xml', format: 'rss', line: 0, slot: 'urn:uuid:1', hash: 'b'.repeat(64) },
        ],
      });

      it('reads back exactly what was written, however it is read', async () => {
        const written = structuredClone(post);
        await importPosts([deepFreeze(post)]);
        expect(await store.getPost(post.id)).toEqual(written);
        expect(await store.getPosts([post.id])).toEqual([written]);
        expect(await store.listPosts()).toEqual([written]);
      });

      it('keeps a title that came from the source apart from a derived one', async () => {
        await importPosts([makePost('given', { titleDerived: false }), makePost('derived', { titleDerived: true })]);
        expect((await store.getPost('given'))?.titleDerived).toBe(false);
        expect((await store.getPost('derived'))?.titleDerived).toBe(true);
      });

      it('does not change the batch it is given', async () => {
        const batch = makeBatch([makePost('a', { themes: ['x'] }), makePost('b')], { diagnostics: ['a.txt:3: warning'] });
        const before = structuredClone(batch);
        await store.applyImport(deepFreeze(batch));
        expect(batch).toEqual(before);
      });
    });

    describe('upsert', () => {
      it('replaces a post whole: fields, themes, tags and sources', async () => {
        await importPosts([
          makePost('p', {
            title: 'First',
            themes: ['adoption', 'courts'],
            tags: ['Adoption', 'night walks'],
            sources: [
              { file: 'a.txt', format: 'text-export', line: 1, slot: 'a#0', hash: 'h1' },
              { file: 'b.txt', format: 'text-export', line: 9, slot: 'b#0', hash: 'h2' },
            ],
          }),
        ]);
        const edited = makePost('p', {
          title: 'Edited',
          updated: '2019-04-01T00:00:00.000Z',
          themes: ['social-work'],
          tags: ['kites'],
          sources: [{ file: 'a.txt', format: 'text-export', line: 3, slot: 'a#0', hash: 'h3' }],
        });
        expect((await store.getPosts(['p']))[0]?.tags).toEqual(['Adoption', 'night walks']);
        await importPosts([edited]);

        expect(await store.getPost('p')).toEqual(edited);
        expect(await store.countPosts()).toBe(1);
        expect(await store.listPosts({ theme: 'adoption' })).toEqual([]);
        expect(ids(await store.listPosts({ theme: 'social-work' }))).toEqual(['p']);
        expect((await store.postIndex())[0]?.sources).toEqual([{ file: 'a.txt', slot: 'a#0', hash: 'h3', format: 'text-export' }]);
      });

      it('keeps the instant a post was first imported through later updates', async () => {
        expect(await store.postImportTimes()).toEqual(new Map());
        await store.applyImport(makeBatch([makePost('p'), makePost('q')], { startedAt: '2024-05-01T12:00:00.000Z' }));
        await store.applyImport(makeBatch([makePost('p', { title: 'Edited' }), makePost('r')], { startedAt: '2024-06-02T08:00:00.000Z' }));
        expect(await store.postImportTimes()).toEqual(
          new Map([
            ['p', '2024-05-01T12:00:00.000Z'],
            ['q', '2024-05-01T12:00:00.000Z'],
            ['r', '2024-06-02T08:00:00.000Z'],
          ]),
        );
      });

      it('leaves posts that are not in the batch alone', async () => {
        const kept = makePost('kept');
        await importPosts([kept, makePost('changed')]);
        await importPosts([makePost('changed', { title: 'Changed' })]);
        expect(await store.getPost('kept')).toEqual(kept);
        expect(await store.countPosts()).toBe(2);
      });
    });

    describe('order', () => {
      it('lists newest first, then by sequence, then by id', async () => {
        const at = (iso: string, sequence: number, id: string) => makePost(id, { published: iso, sequence });
        await importPosts([
          at('2019-02-28T23:00:00.000Z', 0, 'oldest'),
          at('2019-03-01T10:00:00.000Z', 1, 'tie-c'),
          at('2019-03-01T09:59:59.500Z', 0, 'half-second-earlier'),
          at('2019-03-01T10:00:00.000Z', 0, 'tie-first-in-source'),
          at('2019-03-01T10:00:00.000Z', 1, 'tie-a'),
          at('2019-03-02T08:00:00.000Z', 5, 'newest'),
        ]);
        expect(ids(await store.listPosts())).toEqual([
          'newest',
          'tie-first-in-source',
          'tie-a',
          'tie-c',
          'half-second-earlier',
          'oldest',
        ]);
      });

      it('orders by instant even when the timestamps are written with different precision', async () => {
        await importPosts([
          makePost('later', { published: '2019-03-01T10:00:01Z' }),
          makePost('earlier', { published: '2019-03-01T10:00:00.900Z' }),
        ]);
        expect(ids(await store.listPosts())).toEqual(['later', 'earlier']);
      });
    });

    describe('filters', () => {
      beforeEach(async () => {
        await importPosts([
          makePost('jan', { published: '2019-01-15T09:00:00.000Z', themes: ['adoption', 'courts'] }),
          makePost('feb', { published: '2019-02-01T00:00:00.000Z', themes: ['courts'] }),
          makePost('mar', { published: '2019-03-01T00:00:00.000Z', themes: ['social-work', 'adoption'] }),
          makePost('apr', { published: '2019-04-10T12:00:00.000Z', themes: [] }),
        ]);
      });

      it('finds posts by a theme wherever it stands in their themes', async () => {
        expect(ids(await store.listPosts({ theme: 'adoption' }))).toEqual(['mar', 'jan']);
        expect(await store.countPosts({ theme: 'adoption' })).toBe(2);
        expect(ids(await store.listPosts({ theme: 'courts' }))).toEqual(['feb', 'jan']);
        expect(await store.listPosts({ theme: 'no-such-theme' })).toEqual([]);
        expect(await store.countPosts({ theme: 'no-such-theme' })).toBe(0);
      });

      it('takes since as inclusive and until as exclusive', async () => {
        expect(ids(await store.listPosts({ since: '2019-02-01T00:00:00Z' }))).toEqual(['apr', 'mar', 'feb']);
        expect(ids(await store.listPosts({ until: '2019-02-01T00:00:00Z' }))).toEqual(['jan']);
        expect(ids(await store.listPosts({ since: '2019-02-01T00:00:00Z', until: '2019-03-01T00:00:00Z' }))).toEqual(['feb']);
        expect(await store.countPosts({ since: '2019-02-01T00:00:00Z', until: '2019-04-10T12:00:00.001Z' })).toBe(3);
      });

      it('lists a post once even when it names a theme twice', async () => {
        await importPosts([makePost('twice', { published: '2019-05-01T00:00:00.000Z', themes: ['courts', 'courts'] })]);
        expect(ids(await store.listPosts({ theme: 'courts' }))).toEqual(['twice', 'feb', 'jan']);
        expect(await store.countPosts({ theme: 'courts' })).toBe(3);
        expect((await store.getPost('twice'))?.themes).toEqual(['courts', 'courts']);
      });

      it('moves an edited post to its new place in a theme listing', async () => {
        await importPosts([makePost('jan', { published: '2019-06-01T00:00:00.000Z', themes: ['adoption', 'courts'] })]);
        expect(ids(await store.listPosts({ theme: 'adoption' }))).toEqual(['jan', 'mar']);
        expect(ids(await store.listPosts({ theme: 'courts', since: '2019-05-01T00:00:00Z' }))).toEqual(['jan']);
      });

      it('combines a theme with a period', async () => {
        expect(ids(await store.listPosts({ theme: 'adoption', since: '2019-02-01T00:00:00Z' }))).toEqual(['mar']);
        expect(await store.countPosts({ theme: 'courts', until: '2019-01-31T00:00:00Z' })).toBe(1);
      });
    });

    describe('pagination', () => {
      const posts = Array.from({ length: 7 }, (_, i) =>
        makePost(`p${i}`, { published: `2019-03-0${i + 1}T00:00:00.000Z`, themes: i % 2 === 0 ? ['even'] : [] }),
      );
      const newestFirst = posts.map((post) => post.id).reverse();

      beforeEach(async () => {
        await importPosts(posts);
      });

      it('pages through the list without gaps or repeats', async () => {
        const pages = [];
        for (let offset = 0; offset < 9; offset += 3) pages.push(ids(await store.listPosts({ limit: 3, offset })));
        expect(pages).toEqual([newestFirst.slice(0, 3), newestFirst.slice(3, 6), newestFirst.slice(6)]);
        expect(await store.listPosts({ limit: 3, offset: 7 })).toEqual([]);
      });

      it('takes an offset without a limit, and a limit of 0', async () => {
        expect(ids(await store.listPosts({ offset: 5 }))).toEqual(newestFirst.slice(5));
        expect(await store.listPosts({ limit: 0 })).toEqual([]);
      });

      it('pages within a theme, and counts every match whatever the page', async () => {
        expect(ids(await store.listPosts({ theme: 'even', limit: 2, offset: 1 }))).toEqual(['p4', 'p2']);
        expect(await store.countPosts({ theme: 'even', limit: 2, offset: 1 })).toBe(4);
        expect(await store.countPosts({ limit: 1 })).toBe(7);
      });
    });

    describe('bad queries', () => {
      it('are refused rather than answered wrongly', async () => {
        await importPosts([makePost('a')]);
        await expect(store.listPosts({ since: 'last week' })).rejects.toThrow(/since/);
        await expect(store.countPosts({ until: '2019-13-45' })).rejects.toThrow(/until/);
        // no offset: which time zone it means would depend on the machine
        await expect(store.listPosts({ since: '2019-03-01T10:00:00' })).rejects.toThrow(/since/);
        await expect(store.listPosts({ limit: -1 })).rejects.toThrow(/limit/);
        await expect(store.listPosts({ offset: 1.5 })).rejects.toThrow(/offset/);
        await expect(store.listImportRuns(-2)).rejects.toThrow(/limit/);
      });
    });

    describe('getPosts', () => {
      it('returns the posts it finds, in any order asked, each once', async () => {
        await importPosts([makePost('a'), makePost('b'), makePost('c')]);
        const found = await store.getPosts(['c', 'missing', 'a', 'c']);
        expect(ids(found).sort()).toEqual(['a', 'c']);
        expect(await store.getPosts([])).toEqual([]);
      });
    });

    describe('postIndex', () => {
      it('has one light entry per post, with its sources in order', async () => {
        const a = makePost('a', {
          published: '2019-03-02T00:00:00.000Z',
          fingerprint: 'fp-a',
          sources: [
            { file: 'z.txt', format: 'text-export', line: 4, slot: 'z#1', hash: 'h-z' },
            { file: 'a.md', format: 'markdown', line: 1, slot: 'a.md', hash: 'h-a' },
          ],
        });
        const b = makePost('b', { fingerprint: 'fp-b' });
        await importPosts([a, b]);

        const index = [...(await store.postIndex())].sort((x, y) => x.id.localeCompare(y.id));
        expect(index).toEqual([
          {
            id: 'a',
            fingerprint: 'fp-a',
            slug: 'slug-a',
            published: '2019-03-02T00:00:00.000Z',
            sources: [
              { file: 'z.txt', slot: 'z#1', hash: 'h-z', format: 'text-export' },
              { file: 'a.md', slot: 'a.md', hash: 'h-a', format: 'markdown' },
            ],
          },
          {
            id: 'b',
            fingerprint: 'fp-b',
            slug: 'slug-b',
            published: b.published,
            sources: [{ file: FILE, slot: 'slot-b', hash: 'hash-b', format: 'text-export' }],
          },
        ]);
      });
    });

    describe('sources moving between posts', () => {
      const s1 = { file: 'one.txt', format: 'text-export', line: 1, slot: 's1', hash: 'h1' } as const;
      const s2 = { file: 'one.txt', format: 'text-export', line: 8, slot: 's2', hash: 'h2' } as const;

      it('moves a source claimed by another post to that post', async () => {
        await importPosts([makePost('a', { sources: [s1, s2] })]);
        await importPosts([makePost('b', { sources: [s2] })]);

        expect((await store.getPost('a'))?.sources).toEqual([s1]);
        expect((await store.getPost('b'))?.sources).toEqual([s2]);
        const index = await store.postIndex();
        expect(index.flatMap((entry) => entry.sources.map((source) => `${entry.id}:${source.slot}`)).sort()).toEqual([
          'a:s1',
          'b:s2',
        ]);
      });

      it('swaps sources between two posts of the same batch', async () => {
        await importPosts([makePost('a', { sources: [s1] }), makePost('b', { sources: [s2] })]);
        await importPosts([makePost('a', { sources: [s2] }), makePost('b', { sources: [s1] })]);
        expect((await store.getPost('a'))?.sources).toEqual([s2]);
        expect((await store.getPost('b'))?.sources).toEqual([s1]);
      });

      it('keeps a post whose every source moved away', async () => {
        await importPosts([makePost('a', { sources: [s1] })]);
        await importPosts([makePost('b', { sources: [s1] })]);
        expect((await store.getPost('a'))?.sources).toEqual([]);
        expect(await store.countPosts()).toBe(2);
      });
    });

    describe('import runs and source files', () => {
      it('records each import, newest first, as applyImport returned it', async () => {
        const first = await store.applyImport(
          makeBatch([makePost('a')], {
            startedAt: '2024-05-01T12:00:00.000Z',
            counts: { new: 1, updated: 0, merged: 2, unchanged: 0, rejected: 1, skipped: 0 },
            diagnostics: ['blog.txt:12: error: no date (add a date line)'],
          }),
        );
        const second = await store.applyImport(
          makeBatch([], { startedAt: '2024-05-02T12:00:00.000Z', counts: { ...NO_COUNTS, unchanged: 1 } }),
        );

        expect(first).toMatchObject({
          startedAt: '2024-05-01T12:00:00.000Z',
          counts: { new: 1, updated: 0, merged: 2, unchanged: 0, rejected: 1, skipped: 0 },
          diagnostics: ['blog.txt:12: error: no date (add a date line)'],
        });
        expect(second.id).toBeGreaterThan(first.id);
        for (const run of [first, second]) {
          expect(new Date(run.finishedAt).toISOString()).toBe(run.finishedAt);
          expect(run.finishedAt >= run.startedAt).toBe(true);
        }
        expect(await store.listImportRuns()).toEqual([second, first]);
        expect(await store.listImportRuns(1)).toEqual([second]);
      });

      it('keeps the latest hash of every source file seen', async () => {
        await store.applyImport(makeBatch([], { sourceFiles: new Map([['a.txt', { hash: 'a1' }], ['b.txt', { hash: 'b1' }]]) }));
        await store.applyImport(makeBatch([], { sourceFiles: new Map([['b.txt', { hash: 'b2' }], ['c.md', { hash: 'c1' }]]) }));
        expect(await store.sourceFiles()).toEqual(new Map([['a.txt', { hash: 'a1' }], ['b.txt', { hash: 'b2' }], ['c.md', { hash: 'c1' }]]));
      });

      it('counts the posts of each source file, each post once however many slots it has there, withdrawn ones too', async () => {
        const src = (file: string, slot: string) => ({ file, format: 'markdown' as const, line: 1, slot, hash: `h-${file}` });
        await store.applyImport(
          makeBatch([
            makePost('p1', { sources: [src('a.md', 'a'), src('b.md', 'b1'), src('b.md', 'b2')] }),
            makePost('p2', { sources: [src('b.md', 'b3')] }),
            makePost('p3', { sources: [src('c.md', 'c')] }),
          ]),
        );
        await store.withdrawPost('p3', { at: '2024-05-03T00:00:00.000Z', reason: 'gone', cause: 'command' });
        expect(await store.postsPerSourceFile()).toEqual(new Map([['a.md', 1], ['b.md', 2], ['c.md', 1]]));
        // Of named files only (an import of a few saved files), unknown ones left out.
        expect(await store.postsPerSourceFile(['b.md', 'c.md', 'never.md'])).toEqual(new Map([['b.md', 2], ['c.md', 1]]));
        expect(await store.postsPerSourceFile([])).toEqual(new Map());
      });

      it('gives the records of named files only when asked, with their stamps', async () => {
        await store.applyImport(makeBatch([], { sourceFiles: new Map([['a.md', { hash: 'a1', stamp: 's-a' }], ['b.md', { hash: 'b1' }], ["o'dd \"name\".md", { hash: 'q1' }]]) }));
        expect(await store.sourceFiles(['a.md', "o'dd \"name\".md", 'never.md'])).toEqual(new Map([['a.md', { hash: 'a1', stamp: 's-a' }], ["o'dd \"name\".md", { hash: 'q1' }]]));
        expect(await store.sourceFiles([])).toEqual(new Map());
      });

      it('keeps the stamp of each source file with its hash, replaced whole by a later record (one without a stamp clears it)', async () => {
        const stamp = '1500:1733130000123456789:1733130000123456789';
        await store.applyImport(makeBatch([], { sourceFiles: new Map([['a.md', { hash: 'a1', stamp }], ['b.md', { hash: 'b1', stamp: 'b-stamp' }], ['c.md', { hash: 'c1' }]]) }));
        expect(await store.sourceFiles()).toEqual(new Map([['a.md', { hash: 'a1', stamp }], ['b.md', { hash: 'b1', stamp: 'b-stamp' }], ['c.md', { hash: 'c1' }]]));
        await store.applyImport(makeBatch([], { sourceFiles: new Map([['a.md', { hash: 'a1', stamp: 'touched' }], ['b.md', { hash: 'b2' }], ['c.md', { hash: 'c1', stamp: 'c-stamp' }]]) }));
        const files = await store.sourceFiles();
        expect(files).toEqual(new Map([['a.md', { hash: 'a1', stamp: 'touched' }], ['b.md', { hash: 'b2' }], ['c.md', { hash: 'c1', stamp: 'c-stamp' }]]));
        expect(files.get('b.md')).not.toHaveProperty('stamp');
      });
    });

    describe('content version', () => {
      it('moves with every change a build would read, and only then', async () => {
        const seen: string[] = [await store.contentVersion()];
        const moved = async (): Promise<boolean> => {
          const now = await store.contentVersion();
          const changed = now !== seen.at(-1);
          seen.push(now);
          return changed;
        };
        await importPosts([makePost('a'), makePost('b')]);
        expect(await moved()).toBe(true);
        // Reads leave it.
        await store.listPosts();
        await store.postIndex();
        expect(await moved()).toBe(false);
        await importPosts([makePost('a', { title: 'Edited' })]);
        expect(await moved()).toBe(true);
        await store.withdrawPost('b', { at: '2024-05-02T00:00:00.000Z', reason: 'test', cause: 'command' });
        expect(await moved()).toBe(true);
        await store.restorePost('b');
        expect(await moved()).toBe(true);
        await store.setPostUrls([{ id: 'a', url: 'https://blog.example.org/moved/' }]);
        expect(await moved()).toBe(true);
        // Issue numbers follow from the posts (a build gives them to the issues its posts make).
        await store.assignIssueNumbers(['2024-W18']);
        expect(await moved()).toBe(false);
        await store.recordIssue({ id: '2024-W18', number: 1, subject: 'One' });
        expect(await moved()).toBe(true);
        await store.claimIssueForSending('2024-W18', 'sender');
        expect(await moved()).toBe(true);
        // Subscribers are no input of a build.
        await store.upsertSubscribers([{ email: 'reader@example.org', status: 'active' }]);
        expect(await moved()).toBe(false);
        // Nor what an import recorded of its files: a file touched but not changed gets a new stamp, and a build would read the same.
        await store.applyImport(makeBatch([], { sourceFiles: new Map([[FILE, { hash: 'file-hash-1', stamp: 'touched' }]]), counts: { ...NO_COUNTS, unchanged: 2 } }));
        expect(await store.sourceFiles()).toEqual(new Map([[FILE, { hash: 'file-hash-1', stamp: 'touched' }]]));
        expect(await moved()).toBe(false);
      });
    });

    describe('a failing batch', () => {
      const committed = makePost('committed', { title: 'Before' });

      async function snapshot() {
        return {
          posts: await store.listPosts(),
          runs: await store.listImportRuns(),
          files: await store.sourceFiles(),
        };
      }

      beforeEach(async () => {
        await store.applyImport(makeBatch([committed], { sourceFiles: new Map([['blog.txt', { hash: 'v1' }]]) }));
      });

      it('is refused whole when two posts claim the same source', async () => {
        const before = await snapshot();
        const shared = { file: 'blog.txt', format: 'text-export', line: 1, slot: 'dup', hash: 'h' } as const;
        const batch = makeBatch(
          [makePost('committed', { title: 'After' }), makePost('x', { sources: [shared] }), makePost('y', { sources: [shared] })],
          { sourceFiles: new Map([['blog.txt', { hash: 'v2' }]]) },
        );
        await expect(store.applyImport(batch)).rejects.toThrow(/blog\.txt/);
        expect(await snapshot()).toEqual(before);
      });

      it('is refused whole when it names the same post twice', async () => {
        const before = await snapshot();
        const batch = makeBatch([makePost('z', { title: 'one' }), makePost('z', { title: 'two', sources: [] })]);
        await expect(store.applyImport(batch)).rejects.toThrow(/\bz\b/);
        expect(await snapshot()).toEqual(before);
      });

      it('is refused whole when a post has a date that is not an instant', async () => {
        const before = await snapshot();
        const batch = makeBatch([makePost('fine'), makePost('bad-date', { published: '31/07/2019' })]);
        await expect(store.applyImport(batch)).rejects.toThrow(/bad-date/);
        expect(await snapshot()).toEqual(before);
      });

      it('leaves nothing behind when an error is thrown half-way through', async () => {
        const before = await snapshot();
        const exploding = Object.defineProperty(makePost('exploding'), 'html', {
          enumerable: true,
          get(): string {
            throw new Error('cannot read this post');
          },
        });
        const batch = makeBatch(
          [makePost('committed', { title: 'After', themes: ['after'] }), makePost('new-1'), exploding, makePost('new-2')],
          { sourceFiles: new Map([['blog.txt', { hash: 'v2' }]]) },
        );
        await expect(store.applyImport(batch)).rejects.toThrow('cannot read this post');
        expect(await snapshot()).toEqual(before);
        expect(await store.postIndex()).toHaveLength(1);
        expect(await store.countPosts({ theme: 'after' })).toBe(0);
      });

      it('does not stop the next import', async () => {
        await expect(store.applyImport(makeBatch([makePost('d'), makePost('d')]))).rejects.toThrow();
        await importPosts([makePost('d')]);
        expect(ids(await store.listPosts()).sort()).toEqual(['committed', 'd']);
        expect(await store.listImportRuns()).toHaveLength(2);
      });
    });

    describePostChangeContract(makeStore);
    describeSubscriberContract(makeStore);
    describeSendLogContract(makeStore);
    describeRunContract(makeStore);
    describeClickContract(makeStore);
    describeInboundContract(makeStore);
    describeSignupLimitContract(makeStore);
    describeHubNoticeContract(makeStore);
    describeIssueNumberContract(makeStore);
  });
}
