import type { ImportBatch } from '../store.js';

/**
 * Refuses a batch that contradicts itself before anything is written: the
 * same post twice, or one source (file, slot) claimed by two posts. Either
 * is a bug upstream (duplicates are merged during normalisation), and
 * guessing which copy wins would silently drop data.
 */
export function checkBatch(batch: ImportBatch): void {
  const ids = new Set<string>();
  const slots = new Map<string, string>();
  for (const post of batch.upsert) {
    if (ids.has(post.id)) throw new Error(`import batch names post ${post.id} twice`);
    ids.add(post.id);
    for (const source of post.sources) {
      const key = JSON.stringify([source.file, source.slot]);
      const holder = slots.get(key);
      if (holder === post.id) {
        throw new Error(`import batch lists the source ${source.file} (slot ${source.slot}) twice for post ${post.id}`);
      }
      if (holder !== undefined) {
        throw new Error(
          `import batch gives the source ${source.file} (slot ${source.slot}) to two posts: ${holder} and ${post.id}`,
        );
      }
      slots.set(key, post.id);
    }
  }
}
