import { escapeHtml } from '../text/html-escape.js';

/** A plain page the server answers with when there is no file to give: a heading, a sentence, a way home. */
export function renderStatusPage(page: { title: string; heading: string; html: string; noindex?: boolean }): string {
  const robots = page.noindex === true ? '<meta name="robots" content="noindex">' : '';
  return [
    '<!doctype html>',
    '<html lang="en">',
    `<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">${robots}<title>${escapeHtml(page.title)}</title></head>`,
    '<body>',
    '<main>',
    `<h1>${escapeHtml(page.heading)}</h1>`,
    `<p>${page.html}</p>`,
    '<p><a href="/">Go to the home page</a></p>',
    '</main>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/** The server's 404 page: plain, with a way home. */
export function renderNotFoundPage(path: string): string {
  return renderStatusPage({ title: 'Not found', heading: 'Not found', html: `There is nothing at <code>${escapeHtml(path)}</code>.` });
}
