import { esc } from './html.js';

/** A page that is not there, with the way back. */
export function notFoundMain(what: string): string {
  return `<h1>Not found</h1><p>${esc(what)}</p><p><a href="/">Back to the roundups</a></p>`;
}
