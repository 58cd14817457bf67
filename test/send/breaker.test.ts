import { describe, expect, it } from 'vitest';
import { RefusalBreaker, type Verdict } from '../../src/send/breaker.js';

/** Feeds answers ('a' accepted, 'r' refused) and collects what it lets stand; stops at a trip. */
function feed(breaker: RefusalBreaker<number>, answers: string): { applied: number[]; tripped: Verdict<number> | null } {
  const applied: number[] = [];
  let i = 0;
  for (const answer of answers) {
    i += 1;
    const verdict = answer === 'a' ? breaker.accepted() : breaker.refused(i, `550 5.1.1 refused ${i}`);
    if (verdict.tripped) return { applied, tripped: verdict };
    applied.push(...verdict.apply);
  }
  return { applied, tripped: null };
}

describe('the refusal breaker', () => {
  it('holds a refusal until the relay has given a window of answers after it, then lets it stand', () => {
    const breaker = new RefusalBreaker<number>({ minAnswers: 4, window: 10, tripShare: 0.9 });
    expect(feed(breaker, `aar${'a'.repeat(9)}`)).toEqual({ applied: [], tripped: null });
    expect(breaker.holding).toBe(1);
    expect(breaker.accepted()).toEqual({ tripped: false, apply: [3] });
    expect(breaker.holding).toBe(0);
  });

  it('trips when every answer so far was a refusal, and drops what it held', () => {
    const breaker = new RefusalBreaker<number>({ minAnswers: 4, window: 10, tripShare: 0.9 });
    const { applied, tripped } = feed(breaker, 'rrrr');
    expect(applied).toEqual([]);
    expect(tripped).toEqual({ tripped: true, trip: { refused: 4, answers: 4, everyone: true, reply: '550 5.1.1 refused 4' } });
    expect(breaker.holding).toBe(0);
    // It stays tripped.
    expect(breaker.accepted().tripped).toBe(true);
  });

  it('trips on a sudden run of refusals after successes, with none of that run applied', () => {
    const breaker = new RefusalBreaker<number>({ minAnswers: 4, window: 10, tripShare: 0.9 });
    const { applied, tripped } = feed(breaker, `${'a'.repeat(30)}${'r'.repeat(20)}`);
    expect(applied).toEqual([]);
    expect(tripped).toMatchObject({ tripped: true, trip: { refused: 9, answers: 10, everyone: false } });
  });

  it('judges what it still holds at the end on the answers there were: a short run all refused trips, a short run mostly accepted does not', () => {
    const allRefused = new RefusalBreaker<number>();
    feed(allRefused, 'rrr');
    expect(allRefused.end()).toMatchObject({ tripped: true, trip: { refused: 3, answers: 3, everyone: true } });

    const oneOfThree = new RefusalBreaker<number>();
    feed(oneOfThree, 'ara');
    expect(oneOfThree.end()).toEqual({ tripped: false, apply: [2] });
  });

  it("counts the issue's earlier acceptances: the last refusal of a rerun stands", () => {
    const breaker = new RefusalBreaker<number>(undefined, 4_990);
    feed(breaker, 'r');
    expect(breaker.end()).toEqual({ tripped: false, apply: [1] });
  });

  it('checks its options', () => {
    expect(() => new RefusalBreaker({ minAnswers: 60, window: 50, tripShare: 0.9 })).toThrow(/minAnswers must be a whole number from 1 to window \(50\)/);
    expect(() => new RefusalBreaker({ minAnswers: 20, window: 0, tripShare: 0.9 })).toThrow(/window must be/);
    expect(() => new RefusalBreaker({ minAnswers: 20, window: 50, tripShare: 1.5 })).toThrow(/tripShare must be above 0 and at most 1/);
  });
});
