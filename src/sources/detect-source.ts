import type { SourceFile, SourceResult } from '../model/raw-post.js';
import type { AdapterName } from './detect.js';
import { detectFormat, undetectedDiagnostic } from './detect.js';

/** How much of a file detection looks at. */
const HEAD_CHARS = 4096;

/** The adapter that reads `file`, or what to say about a file none reads. */
export function detectSource(file: SourceFile): { format: AdapterName } | { unread: SourceResult } {
  const head = file.text.slice(0, HEAD_CHARS);
  const format = detectFormat(file.path, head, file.text);
  return format === null ? { unread: { posts: [], diagnostics: [undetectedDiagnostic(file.path, head, file.text)] } } : { format };
}
