/**
 * The form of a roundup's subject (`digest.subject`): text with placeholders
 * in braces. `{themes}` is the lead theme names, fitted to the room the rest
 * leaves; `{when}` and `{period}` are the date part, which is not counted in
 * that room (a client that cuts the subject short cuts the date first when
 * it comes last). Pure; no I/O. The config validates a form with
 * subjectFormProblem, so fillSubject never meets an unknown placeholder.
 */

/** What the subject says by default: "Blame and culture, Ofsted + 2 more · week 31". */
export const DEFAULT_SUBJECT = '{themes} · {when}';

/** The placeholders a subject form may use. */
export const SUBJECT_PLACEHOLDERS = ['themes', 'when', 'period', 'posts', 'site'] as const;
export type SubjectPlaceholder = (typeof SUBJECT_PLACEHOLDERS)[number];

/** The date placeholders: left out when the room for `{themes}` is measured. */
const DATE_PARTS: ReadonlySet<string> = new Set<SubjectPlaceholder>(['when', 'period']);

const PLACEHOLDER = /\{([^{}]*)\}/g;

/** Why `form` is not a subject form (an unknown or unclosed placeholder), or null. */
export function subjectFormProblem(form: string): string | null {
  for (const match of form.matchAll(PLACEHOLDER)) {
    const name = match[1] ?? '';
    if (!(SUBJECT_PLACEHOLDERS as readonly string[]).includes(name)) {
      return `unknown placeholder {${name}} in the subject form "${form}": the placeholders are ${SUBJECT_PLACEHOLDERS.map((p) => `{${p}}`).join(', ')}`;
    }
  }
  const rest = form.replace(PLACEHOLDER, '');
  if (rest.includes('{') || rest.includes('}')) return `a brace without its pair in the subject form "${form}": placeholders are written {themes}`;
  return null;
}

/** `form` with each placeholder replaced by its value. */
export function fillSubject(form: string, values: Readonly<Record<SubjectPlaceholder, string>>): string {
  return form.replace(PLACEHOLDER, (_, name: string) => values[name as SubjectPlaceholder] ?? '');
}

/** The length of `form` filled, without the date part: what must fit the room of a subject. */
export function lengthBeforeDate(form: string, values: Readonly<Record<SubjectPlaceholder, string>>): number {
  return form.replace(PLACEHOLDER, (_, name: string) => (DATE_PARTS.has(name) ? '' : (values[name as SubjectPlaceholder] ?? ''))).trim().length;
}
