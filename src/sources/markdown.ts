/**
 * The Markdown source adapter: one post per file, YAML front matter between
 * `---` lines, the rest of the file is the body (rendered later).
 *
 * The parts are in markdown/: split.ts finds the front matter, parse.ts reads
 * its YAML (failsafe schema: values stay the text the author wrote, nothing is
 * evaluated), fields.ts and keys.ts turn the fields into a post.
 */
import { diagnostic } from '../model/diagnostic.js';
import type { RawPost, SourceFile, SourceResult } from '../model/raw-post.js';
import { readFields } from './markdown/fields.js';
import { parseFrontMatter } from './markdown/parse.js';
import { splitFrontMatter } from './markdown/split.js';
import { sha256 } from './shared/hash.js';
import { withoutBom } from './shared/lines.js';
import { fail } from './shared/report.js';

export { FRONT_MATTER_KEYS } from './markdown/keys.js';

export function readMarkdown(file: SourceFile): SourceResult {
  const text = withoutBom(file.text);
  const split = splitFrontMatter(text);
  if (split.kind === 'none') {
    return fail(
      diagnostic(
        file.path,
        1,
        'no front matter, so no date',
        'start the file with a line ---, then date: YYYY-MM-DD (and title: …), then a line ---',
      ),
    );
  }
  if (split.kind === 'not-yaml') {
    return fail(
      diagnostic(
        file.path,
        1,
        `front matter in "${split.language}" is not read (it is never run as code)`,
        'write the front matter in YAML, between two lines containing only ---',
      ),
    );
  }
  if (split.kind === 'unterminated') {
    return fail(
      diagnostic(file.path, 1, 'front matter is not closed', 'end the front matter with a line containing only ---'),
    );
  }

  const parsed = parseFrontMatter(file.path, split.yaml, split.yamlLine);
  if (parsed.fields === null) return { posts: [], diagnostics: parsed.diagnostics };

  const read = readFields(file.path, parsed.fields, split.yamlLine - 1);
  const diagnostics = [...parsed.diagnostics, ...read.diagnostics];
  if (read.post === null) return { posts: [], diagnostics };

  const post: RawPost = {
    source: { file: file.path, format: 'markdown', line: 1, slot: 'file', hash: sha256(file.text) },
    ...read.post,
    sequence: 0,
    body: { kind: 'markdown', markdown: split.body },
  };
  return { posts: [post], diagnostics };
}
