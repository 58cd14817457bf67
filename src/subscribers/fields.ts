import { SUBSCRIBER_STATUSES, type SubscriberStatus } from '../store/store.js';
import { hasControlCharacters } from './address.js';

/**
 * Checks for a subscriber's other fields, shared by the CSV import, the CLI
 * and the sign-up form. Pure; a problem comes with what to do about it.
 */
export type FieldCheck<T> = { ok: true; value: T } | { ok: false; problem: string; hint: string };

const MAX_NAME = 200;

export function checkName(input: string): FieldCheck<string> {
  if (hasControlCharacters(input)) {
    return {
      ok: false,
      problem: 'the name holds a line break or another control character (a header injection attempt?)',
      hint: 'give the name on one line',
    };
  }
  const name = input.trim().replace(/\s+/g, ' ');
  if (name.length > MAX_NAME) return { ok: false, problem: 'the name is too long', hint: `at most ${MAX_NAME} characters` };
  return { ok: true, value: name };
}

/** Theme slugs as a field holds them: separated by spaces or `;`. Empty means every theme. */
export function parseThemeList(field: string, allowed: readonly string[]): FieldCheck<string[]> {
  return checkThemes(field.split(/[\s;]+/).filter((slug) => slug !== ''), allowed);
}

/** Known slugs, each once, in the order given; an unknown one is an error naming the allowed ones. */
export function checkThemes(slugs: readonly string[], allowed: readonly string[]): FieldCheck<string[]> {
  const unknown = slugs.filter((slug) => !allowed.includes(slug));
  if (unknown.length > 0) {
    return {
      ok: false,
      problem: `unknown theme${unknown.length === 1 ? '' : 's'} ${unknown.map((slug) => JSON.stringify(slug)).join(', ')}`,
      hint: allowed.length === 0 ? 'no themes are declared in the config: leave themes empty' : `allowed: ${allowed.join(', ')}`,
    };
  }
  return { ok: true, value: [...new Set(slugs)] };
}

/** A status as a user writes it, in any case. */
export function parseStatus(input: string): FieldCheck<SubscriberStatus> {
  const wanted = input.trim().toLowerCase();
  const status = SUBSCRIBER_STATUSES.find((known) => known === wanted);
  if (status === undefined) {
    return { ok: false, problem: `unknown status ${JSON.stringify(input)}`, hint: `allowed: ${SUBSCRIBER_STATUSES.join(', ')}` };
  }
  return { ok: true, value: status };
}
