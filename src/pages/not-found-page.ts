import { escapeHtml } from './escape.js';

/** The server's 404 page: plain, with a way home. */
export function renderNotFoundPage(path: string): string {
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Not found</title></head>',
    '<body>',
    '<main>',
    '<h1>Not found</h1>',
    `<p>There is nothing at <code>${escapeHtml(path)}</code>.</p>`,
    '<p><a href="/">Go to the home page</a></p>',
    '</main>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
