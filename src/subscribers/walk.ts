import type { Subscriber, SubscriberStatus, SubscriberStore } from '../store/store.js';

/**
 * Every subscriber (of one status, if given), in pages by id: memory stays
 * flat whatever the size of the list, and subscribers added or removed
 * during the walk never make it skip or repeat anyone else.
 */
export async function* walkSubscribers(
  store: Pick<SubscriberStore, 'streamSubscribers'>,
  options: { status?: SubscriberStatus; pageSize?: number } = {},
): AsyncGenerator<Subscriber[]> {
  const limit = options.pageSize ?? 1_000;
  let afterId = 0;
  for (;;) {
    const page = await store.streamSubscribers({ ...(options.status ? { status: options.status } : {}), afterId, limit });
    if (page.length > 0) yield page;
    const last = page.at(-1);
    if (last === undefined || page.length < limit) return;
    afterId = last.id;
  }
}
