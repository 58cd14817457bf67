/**
 * Reading the post's fields from the parsed front matter: keys matched
 * without regard to case and under their Jekyll / Hugo / Eleventy names
 * (keys.ts), each value checked for its kind (values.ts), and no post
 * without a valid date (from the front matter, else from a Jekyll file name).
 */
import { diagnostic } from '../../model/diagnostic.js';
import type { Diagnostic } from '../../model/diagnostic.js';
import type { RawPost } from '../../model/raw-post.js';
import type { FileName } from './file-name.js';
import { meaningOf, misspeltKey } from './keys.js';
import type { FrontMatterKey } from './keys.js';
import type { Field } from './parse.js';
import { FieldValues, groupByMeaning } from './values.js';

export type PostFields = Omit<RawPost, 'source' | 'sequence' | 'body'>;

export function readFields(
  path: string,
  fields: readonly Field[],
  openingLine: number,
  fileName: FileName,
): { post: PostFields | null; diagnostics: Diagnostic[] } {
  const known: (Field & { meaning: FrontMatterKey })[] = [];
  const misspelt: Diagnostic[] = [];
  const ignoredKeys: string[] = [];
  for (const field of fields) {
    const meaning = meaningOf(field.key);
    if (meaning !== undefined) {
      known.push({ ...field, meaning });
      continue;
    }
    const warning = misspeltKey(path, field);
    if (warning) misspelt.push(warning);
    else ignoredKeys.push(field.key);
  }
  const values = new FieldValues(path, groupByMeaning(known));

  // `published` is Jekyll's true/false or, for Hugo, another name for the publication date.
  const publishedField = values.pick('published');
  const publishedIsFlag = publishedField?.value.kind === 'text' && /^(?:true|false)$/i.test(publishedField.value.text.trim());
  const dateField = values.pick('date') ?? values.pick('publishDate') ?? (publishedIsFlag ? undefined : publishedField);
  const published = values.date(dateField, fileName.date) ?? fileName.date;
  // Hugo schedules by publishDate: given beside a date, the post waits for it (normalise takes the later).
  const publishField = values.pick('publishDate');
  const publishAt = dateField !== publishField && publishField !== undefined ? values.date(publishField) : undefined;
  const updated = values.date(values.pick('updated'));
  const expires = values.date(values.pick('expires'));
  const draft = values.flag(values.pick('draft')) === true || (publishedIsFlag && values.flag(publishedField) === false);
  const title = values.text(values.pick('title'), 'title');
  const explicitId = values.text(values.pick('id'), 'id');
  const slug = values.text(values.pick('slug'), 'slug') ?? fileName.slug;
  const summary = values.text(values.pick('summary'), 'summary');
  const author = values.textOrList(values.pick('author'));
  const image = values.textOrList(values.pick('image'), { most: 1, quiet: true });
  const permalink = values.textOrList(values.pick('permalink'), { most: 1 });
  const themes = [...new Set([...values.names('themes'), ...values.names('tags')])];

  const diagnostics = [...misspelt, ...values.diagnostics];
  const failed = diagnostics.some((d) => d.severity === 'error');
  // A draft needs no date: it is skipped as a draft (normalisation never reads its date).
  if (published === undefined && draft && !failed) return { post: { title: title ?? null, published: '', draft: true }, diagnostics };
  if (published === undefined && !failed) {
    diagnostics.push(
      diagnostic(
        path,
        dateField?.line ?? openingLine,
        dateField ? `${dateField.key} is empty` : 'front matter has no date',
        'add a line date: YYYY-MM-DD to the front matter, or name the file YYYY-MM-DD-title.md',
      ),
    );
  }
  diagnostics.sort((a, b) => a.line - b.line);
  if (failed || published === undefined) return { post: null, diagnostics };

  return {
    post: {
      title: title ?? null,
      published,
      ...(updated !== undefined && { updated }),
      ...(publishAt !== undefined && { publishAt }),
      ...(expires !== undefined && { expires }),
      ...(explicitId !== undefined && { explicitId }),
      ...(slug !== undefined && { slug }),
      ...(themes.length > 0 && { themes }),
      ...(summary !== undefined && { summary }),
      ...(author !== undefined && { author }),
      ...(draft && { draft: true }),
      ...(permalink !== undefined && { permalink }),
      ...(image !== undefined && { image }),
      ...(ignoredKeys.length > 0 && { ignoredKeys }),
    },
    diagnostics,
  };
}
