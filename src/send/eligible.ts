import type { Issue } from '../digest/model.js';
import { variantKey } from '../digest/variant.js';
import type { Store, Subscriber } from '../store/store.js';
import { walkSubscribers } from '../subscribers/walk.js';

/**
 * Who gets an issue, and which variant: an active subscriber who follows at
 * least one theme of one of the issue's posts (primary or not; none chosen
 * means all) gets those posts, each in the section of the first of its
 * themes they follow (digest/section-rule.ts). Pure but for countAudience's walk, which
 * reads the subscribers page by page (memory stays flat however long the
 * list), and enqueueDeliveries, which leaves the choosing to the store (the
 * same rule, in SQL for SQLite: test/send/parts.test.ts holds them equal).
 */

/** The variant key a subscriber gets ('*' for everything), or null: not active, or no theme of any of the issue's posts. */
export function variantFor(issue: Issue, subscriber: Pick<Subscriber, 'status' | 'themes'>): string | null {
  if (subscriber.status !== 'active') return null;
  return variantKey(issue, subscriber.themes);
}

export interface Audience {
  /** Active subscribers who get the issue, by variant key. */
  readonly variants: ReadonlyMap<string, number>;
  /** Active subscribers who follow no theme of the issue's posts. */
  readonly notFollowing: number;
  readonly eligible: number;
}

/** Counts who would get the issue, by variant (for --dry-run). Writes nothing. */
export async function countAudience(store: Pick<Store, 'streamSubscribers'>, issue: Issue, pageSize = 1_000): Promise<Audience> {
  const variants = new Map<string, number>();
  let notFollowing = 0;
  let eligible = 0;
  for await (const page of walkSubscribers(store, { status: 'active', pageSize })) {
    for (const subscriber of page) {
      const key = variantFor(issue, subscriber);
      if (key === null) notFollowing += 1;
      else {
        variants.set(key, (variants.get(key) ?? 0) + 1);
        eligible += 1;
      }
    }
  }
  return { variants, notFollowing, eligible };
}

/**
 * Every theme of the issue's posts, primary or not: a subscriber following
 * any of them (or none at all) gets the issue, since the first of a post's
 * themes they follow places it (variantKey is then not null).
 */
export function audienceThemes(issue: Issue): string[] {
  return [...new Set(issue.posts.flatMap((post) => post.themes))];
}

/**
 * Makes one pending Delivery per eligible subscriber who has none for this
 * issue yet. The store picks them by the rule of variantFor (in SQL for
 * SQLite: no subscriber is read into memory), a slice of the list at a time;
 * rerunning it is harmless: deliveries are unique per issue and subscriber.
 */
export async function enqueueDeliveries(store: Pick<Store, 'createAudienceDeliveries'>, issue: Issue): Promise<{ created: number }> {
  return { created: await store.createAudienceDeliveries(issue.id, audienceThemes(issue)) };
}
