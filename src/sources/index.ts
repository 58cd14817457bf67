import type { SourceFile, SourceResult } from '../model/raw-post.js';
import type { AdapterName } from './detect.js';
import { detectSource } from './detect-source.js';

type Adapter = (file: SourceFile) => SourceResult;

/**
 * Each adapter, imported when the first file of its format comes: an
 * import of Markdown posts loads no XML or feed parser (about 0.1 s of an
 * import that finds one new post).
 */
const ADAPTERS: Record<AdapterName, () => Promise<Adapter>> = {
  markdown: async () => (await import('./markdown.js')).readMarkdown,
  'text-export': async () => (await import('./text-export.js')).readTextExport,
  'feed-xml': async () => (await import('./feed-xml.js')).readFeedXml,
  'json-feed': async () => (await import('./json-feed.js')).readJsonFeed,
  wxr: async () => (await import('./wxr.js')).readWxr,
  ghost: async () => (await import('./ghost.js')).readGhostExport,
};

/**
 * Reads one file with the adapter for its format. A file no adapter reads
 * gives one diagnostic saying what it seems to be and what to import instead.
 */
export async function parseSource(file: SourceFile): Promise<SourceResult> {
  const detected = detectSource(file);
  return 'format' in detected ? (await ADAPTERS[detected.format]())(file) : detected.unread;
}
