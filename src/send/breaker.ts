/**
 * The refusal breaker: evidence before suppression. A relay that refuses
 * every recipient (wrong recipient maps, a relay that is not ours) looks,
 * message by message, exactly like a list of dead addresses; only the
 * pattern tells them apart. So a refusal about one recipient (5.1.1, a
 * full mailbox) is not acted on when it comes: it is held, and
 * - applied (failed, and bounced when the address is unknown) once the
 *   relay has given `window` more answers without the breaker tripping:
 *   no window that trips later can contain it;
 * - dropped (the delivery stays pending) when the breaker trips.
 * The breaker trips when at least `tripShare` of the last `window`
 * answers (all of them while there are fewer) are permanent refusals,
 * judged from the `minAnswers`-th answer on, and once more at the end of
 * the run whatever the number, for the refusals still held. An answer is
 * an acceptance or a permanent refusal; temporary failures are not
 * answers. Acceptances this issue had before the run count as the first
 * answers (a rerun's last few refusals are judged against them).
 * Pure: items in, decisions out; the sender does the writing.
 */

export interface BreakerOptions {
  /** Answers before the breaker judges at all (default 20): the first 20 all refused trips it. */
  readonly minAnswers: number;
  /** The answers it looks at: the latest `window` (default 50). */
  readonly window: number;
  /** Trips when at least this share of them are refusals (default 0.9). */
  readonly tripShare: number;
}

export const DEFAULT_BREAKER: BreakerOptions = { minAnswers: 20, window: 50, tripShare: 0.9 };

export interface Trip {
  /** Refusals among the answers judged, and how many answers that was. */
  readonly refused: number;
  readonly answers: number;
  /** Whether the relay had accepted nothing at all (this run and before). */
  readonly everyone: boolean;
  /** The latest refusal, as the relay worded it. */
  readonly reply: string;
}

export type Verdict<T> = { readonly tripped: false; readonly apply: T[] } | { readonly tripped: true; readonly trip: Trip };

export class RefusalBreaker<T> {
  private readonly options: BreakerOptions;
  /** The latest `window` answers, oldest first: true for a refusal. */
  private readonly recent: boolean[] = [];
  private refusedInWindow = 0;
  private count = 0;
  private acceptedEver: boolean;
  private lastReply = '';
  private held: { item: T; at: number }[] = [];
  private tripped: Trip | null = null;

  constructor(options: BreakerOptions = DEFAULT_BREAKER, acceptedBefore = 0) {
    checkBreakerOptions(options);
    this.options = options;
    this.acceptedEver = acceptedBefore > 0;
    for (let i = 0; i < Math.min(acceptedBefore, options.window); i++) this.answer(false);
  }

  /** The trip, once it tripped (it stays tripped). */
  get trip(): Trip | null {
    return this.tripped;
  }

  /** Refusals held (neither applied nor dropped yet). */
  get holding(): number {
    return this.held.length;
  }

  /** The relay accepted a message: returns the held refusals that now have their evidence. */
  accepted(): Verdict<T> {
    this.acceptedEver = true;
    this.answer(false);
    return this.verdict();
  }

  /** The relay refused `item` for good, about that recipient (`reply`, its words): held. */
  refused(item: T, reply: string): Verdict<T> {
    this.lastReply = reply;
    this.answer(true);
    if (this.tripped === null) this.held.push({ item, at: this.count });
    return this.verdict();
  }

  /** The run is over: every refusal still held, judged on the answers there were. */
  end(): Verdict<T> {
    if (this.tripped === null && this.held.length > 0) this.judge(1);
    if (this.tripped !== null) return this.tripVerdict();
    return { tripped: false, apply: this.held.splice(0).map((h) => h.item) };
  }

  private answer(refused: boolean): void {
    if (this.tripped !== null) return;
    this.count += 1;
    this.recent.push(refused);
    if (refused) this.refusedInWindow += 1;
    if (this.recent.length > this.options.window && this.recent.shift() === true) this.refusedInWindow -= 1;
  }

  private verdict(): Verdict<T> {
    if (this.tripped === null) this.judge(this.options.minAnswers);
    if (this.tripped !== null) return this.tripVerdict();
    const ripe = this.count - this.options.window;
    let n = 0;
    while (n < this.held.length && (this.held[n]?.at ?? Infinity) <= ripe) n += 1;
    return { tripped: false, apply: this.held.splice(0, n).map((h) => h.item) };
  }

  private judge(minimum: number): void {
    const answers = this.recent.length;
    if (answers < minimum || this.refusedInWindow === 0) return;
    if (this.refusedInWindow >= this.options.tripShare * answers) {
      this.tripped = { refused: this.refusedInWindow, answers, everyone: !this.acceptedEver, reply: this.lastReply };
      this.held = [];
    }
  }

  private tripVerdict(): Verdict<T> {
    return { tripped: true, trip: this.tripped as Trip };
  }
}

/** Throws a RangeError naming the option that is out of range. */
export function checkBreakerOptions(options: BreakerOptions): void {
  const { minAnswers, window, tripShare } = options;
  if (!Number.isSafeInteger(window) || window < 1) throw new RangeError(`breaker: window must be a whole number of answers above 0, not ${window}`);
  if (!Number.isSafeInteger(minAnswers) || minAnswers < 1 || minAnswers > window) {
    throw new RangeError(`breaker: minAnswers must be a whole number from 1 to window (${window}), not ${minAnswers}`);
  }
  if (!(tripShare > 0 && tripShare <= 1)) throw new RangeError(`breaker: tripShare must be above 0 and at most 1, not ${tripShare}`);
}
