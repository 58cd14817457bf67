import type { SourceFile, SourceResult } from '../model/raw-post.js';
import type { AdapterName } from './detect.js';
import { detectFormat, undetectedDiagnostic } from './detect.js';
import { readFeedXml } from './feed-xml.js';
import { readJsonFeed } from './json-feed.js';
import { readMarkdown } from './markdown.js';
import { readTextExport } from './text-export.js';
import { readGhostExport } from './ghost.js';
import { readWxr } from './wxr.js';

const ADAPTERS: Record<AdapterName, (file: SourceFile) => SourceResult> = {
  markdown: readMarkdown,
  'text-export': readTextExport,
  'feed-xml': readFeedXml,
  'json-feed': readJsonFeed,
  wxr: readWxr,
  ghost: readGhostExport,
};

/** How much of a file detection looks at. */
const HEAD_CHARS = 4096;

/**
 * Reads one file with the adapter for its format. A file no adapter reads
 * gives one diagnostic saying what it seems to be and what to import instead.
 */
export function parseSource(file: SourceFile): SourceResult {
  const head = file.text.slice(0, HEAD_CHARS);
  const format = detectFormat(file.path, head, file.text);
  if (format === null) return { posts: [], diagnostics: [undetectedDiagnostic(file.path, head, file.text)] };
  return ADAPTERS[format](file);
}
