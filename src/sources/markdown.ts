/**
 * The Markdown source adapter: one post per file, front matter at the top
 * (YAML `---`, TOML `+++` or a JSON `{ ... }` object, as Jekyll, Hugo and
 * Eleventy write it), the rest of the file is the body (rendered later).
 *
 * The parts are in markdown/: split.ts finds the front matter, parse.ts reads
 * YAML (failsafe schema: values stay the text the author wrote, nothing is
 * evaluated) and parse-data.ts TOML and JSON into the same fields,
 * fields.ts and keys.ts turn the fields into a post, file-name.ts reads a
 * Jekyll file name's date and slug, and template-tags.ts renders or removes
 * the Liquid tags and Hugo shortcodes of the body.
 */
import { diagnostic } from '../model/diagnostic.js';
import type { RawPost, SourceFile, SourceResult } from '../model/raw-post.js';
import { readFields } from './markdown/fields.js';
import { readFileName } from './markdown/file-name.js';
import { parseFrontMatter } from './markdown/parse.js';
import { parseJsonFrontMatter, parseTomlFrontMatter } from './markdown/parse-data.js';
import { splitFrontMatter } from './markdown/split.js';
import { renderTemplateTags } from './markdown/template-tags.js';
import type { FrontMatterLanguage } from './markdown/split.js';
import { sha256 } from './shared/hash.js';
import { lineAt, withoutBom } from './shared/lines.js';
import { fail } from './shared/report.js';

export { FRONT_MATTER_KEYS } from './markdown/keys.js';

const PARSERS: Record<FrontMatterLanguage, typeof parseFrontMatter> = {
  yaml: parseFrontMatter,
  toml: parseTomlFrontMatter,
  json: parseJsonFrontMatter,
};

const CLOSING: Record<FrontMatterLanguage, string> = {
  yaml: 'end the front matter with a line containing only ---',
  toml: 'end the front matter with a line containing only +++',
  json: 'close the { ... } object at the top of the file',
};

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
  if (split.kind === 'not-read') {
    return fail(
      diagnostic(
        file.path,
        1,
        `front matter in "${split.language}" is not read (it is never run as code)`,
        'write the front matter in YAML between two lines ---, in TOML between two lines +++, or as a JSON object',
      ),
    );
  }
  if (split.kind === 'unterminated') {
    return fail(diagnostic(file.path, 1, 'front matter is not closed', CLOSING[split.language]));
  }

  const parsed = PARSERS[split.language](file.path, split.text, split.textLine);
  if (parsed.fields === null) return { posts: [], diagnostics: parsed.diagnostics };

  const read = readFields(file.path, parsed.fields, Math.max(1, split.textLine - 1), readFileName(file.path));
  if (read.post === null) return { posts: [], diagnostics: [...parsed.diagnostics, ...read.diagnostics] };
  // Hugo (TOML or JSON front matter, or a file under content/) runs no Liquid: `{{ … }}` there is text.
  const liquid = split.language === 'yaml' && !/(?:^|[\\/])content[\\/]/.test(file.path);
  const body = renderTemplateTags(file.path, split.body, lineAt(text, text.length - split.body.length), { liquid });
  const diagnostics = [...parsed.diagnostics, ...read.diagnostics, ...body.diagnostics];

  const post: RawPost = {
    source: { file: file.path, format: 'markdown', line: 1, slot: 'file', hash: sha256(file.text) },
    ...read.post,
    sequence: 0,
    body: { kind: 'markdown', markdown: body.markdown },
  };
  return { posts: [post], diagnostics };
}
