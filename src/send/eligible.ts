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
  /** With `addresses`: each variant's recipients' addresses, in the order of the list. */
  readonly addresses?: ReadonlyMap<string, readonly string[]>;
}

/** Counts who would get the issue, by variant (for --dry-run), and names them when asked (`addresses`). Writes nothing. */
export async function countAudience(
  store: Pick<Store, 'streamSubscribers'>,
  issue: Issue,
  options: { readonly pageSize?: number; readonly addresses?: boolean } = {},
): Promise<Audience> {
  const variants = new Map<string, number>();
  const addresses = new Map<string, string[]>();
  const keys = new Map<string, string | null>();
  let notFollowing = 0;
  let eligible = 0;
  for await (const page of walkSubscribers(store, { status: 'active', pageSize: options.pageSize ?? 1_000 })) {
    for (const subscriber of page) {
      // Few subscribers choose alike: each choice's key is worked out once.
      const choice = subscriber.themes.join('\0');
      let key = subscriber.status === 'active' ? keys.get(choice) : null;
      if (key === undefined) {
        key = variantKey(issue, subscriber.themes);
        keys.set(choice, key);
      }
      if (key === null) notFollowing += 1;
      else {
        variants.set(key, (variants.get(key) ?? 0) + 1);
        eligible += 1;
        if (options.addresses) {
          const list = addresses.get(key);
          if (list) list.push(subscriber.email);
          else addresses.set(key, [subscriber.email]);
        }
      }
    }
  }
  return { variants, notFollowing, eligible, ...(options.addresses ? { addresses } : {}) };
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
