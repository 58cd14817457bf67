import { describe, expect, it } from 'vitest';
import { pageKey, pagesOf, readPage } from '../../src/send/queue/page.js';

describe('pages of the send queue', () => {
  it('cuts the same pages from the same deliveries, whatever their order and however many are left', () => {
    const all = pagesOf('2019-W31', [1, 2, 200, 201, 450], 200);
    expect(all.map(pageKey)).toEqual(['2019-W31:0-200', '2019-W31:200-400', '2019-W31:400-600']);
    // A re-run with only some pending names a subset of the same pages, never a new cut.
    expect(pagesOf('2019-W31', [450, 2], 200).map(pageKey)).toEqual(['2019-W31:0-200', '2019-W31:400-600']);
    expect(all[0]).toEqual({ issueId: '2019-W31', afterId: 0, throughId: 200, round: 0 });
  });

  it('reads back only what is a page', () => {
    expect(readPage({ issueId: 'w', afterId: 0, throughId: 200, round: 2 })).toEqual({ issueId: 'w', afterId: 0, throughId: 200, round: 2 });
    expect(readPage({ issueId: 'w', afterId: 200, throughId: 200 })).toBeNull();
    expect(readPage({ afterId: 0, throughId: 200 })).toBeNull();
    expect(readPage('page')).toBeNull();
  });
});
