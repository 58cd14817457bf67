import { escapeHtml } from '../../text/html-escape.js';

/**
 * The subscription pages: small, self-contained HTML (no external assets),
 * every input labelled, every user-supplied value escaped. Pure.
 */
export interface PageSite {
  title: string;
  language: string;
}

export interface ThemeChoice {
  slug: string;
  name: string;
  description: string;
}

const STYLE = `
:root{color-scheme:light dark;--fg:#1d1d1f;--bg:#fdfdfc;--muted:#5b5b60;--accent:#0b57d0;--rule:#c9c9cf;--bad:#b3261e}
@media (prefers-color-scheme:dark){:root{--fg:#ececf0;--bg:#16161a;--muted:#a9a9b2;--accent:#8ab4f8;--rule:#4a4a52;--bad:#f2b8b5}}
body{margin:0;background:var(--bg);color:var(--fg);font:1.0625rem/1.6 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
main{max-width:34rem;margin:0 auto;padding:2rem 1.25rem}
label{font-weight:600}
input[type=email],input[type=text]{width:100%;box-sizing:border-box;padding:.5rem;font:inherit;border:1px solid var(--rule);border-radius:4px;background:transparent;color:inherit}
fieldset{border:1px solid var(--rule);border-radius:4px;margin:1rem 0}
fieldset label{font-weight:400}
button{font:inherit;padding:.5rem 1.25rem;border-radius:4px;border:1px solid var(--accent);background:var(--accent);color:var(--bg);cursor:pointer}
button.quiet{background:transparent;color:var(--accent)}
:focus-visible{outline:3px solid var(--accent);outline-offset:2px}
.hint{color:var(--muted);font-size:.9375rem}
.error{color:var(--bad);font-weight:600}
.hp{position:absolute;left:-10000px;width:1px;height:1px;overflow:hidden}
`.trim();

export function renderPage(site: PageSite, title: string, main: string): string {
  return [
    '<!doctype html>',
    `<html lang="${escapeHtml(site.language)}">`,
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="robots" content="noindex">',
    `<title>${escapeHtml(`${title} · ${site.title}`)}</title>`,
    `<style>\n${STYLE}\n</style>`,
    '</head>',
    '<body>',
    `<main>\n${main}\n</main>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

export interface SubscribeForm {
  themes: readonly ThemeChoice[];
  /** What the visitor typed, when the form comes back with an error. */
  values?: { email?: string; name?: string; themes?: readonly string[] };
  error?: string;
}

/** The sign-up form. `website` is the honeypot: hidden from people, filled in by bots. */
export function renderSubscribePage(site: PageSite, form: SubscribeForm): string {
  const values = form.values ?? {};
  const error = form.error === undefined ? '' : `<p class="error" id="email-error" role="alert">${escapeHtml(form.error)}</p>`;
  const described = form.error === undefined ? '' : ' aria-invalid="true" aria-describedby="email-error"';
  return renderPage(
    site,
    'Subscribe',
    [
      `<h1>Subscribe to ${escapeHtml(site.title)}</h1>`,
      '<p>One email a week with the new posts. We ask you to confirm by email first, and every email has a link to leave.</p>',
      error,
      '<form method="post">',
      '<p><label for="email">Email address</label><br>',
      `<input id="email" name="email" type="email" required autocomplete="email" maxlength="254" value="${escapeHtml(values.email ?? '')}"${described}></p>`,
      '<p><label for="name">Name <span class="hint">(optional)</span></label><br>',
      `<input id="name" name="name" type="text" autocomplete="name" maxlength="200" value="${escapeHtml(values.name ?? '')}"></p>`,
      themeFieldset(form.themes, values.themes ?? []),
      '<div class="hp" aria-hidden="true"><label for="website">Leave this empty</label>',
      '<input id="website" name="website" type="text" tabindex="-1" autocomplete="off"></div>',
      '<p><button type="submit">Subscribe</button></p>',
      '</form>',
    ]
      .filter((line) => line !== '')
      .join('\n'),
  );
}

export function renderCheckInboxPage(site: PageSite, email: string, settings: { confirmDays: number; confirmationIntervalMinutes: number }): string {
  const { confirmDays, confirmationIntervalMinutes: minutes } = settings;
  const interval = minutes === 60 ? 'hour' : minutes % 60 === 0 ? `${minutes / 60} hours` : `${minutes} minutes`;
  return renderPage(
    site,
    'Check your inbox',
    [
      '<h1>Check your inbox</h1>',
      `<p>If <strong>${escapeHtml(email)}</strong> can subscribe, an email with a confirmation link is on its way to it. The link works for ${confirmDays} day${confirmDays === 1 ? '' : 's'}.</p>`,
      `<p class="hint">Nothing there after a few minutes? Look in the spam folder. We send an address at most one such email every ${interval}.</p>`,
    ].join('\n'),
  );
}

/** The page a confirmation link opens: one button that confirms (a POST to the same address). */
export function renderConfirmPage(site: PageSite, email: string): string {
  return renderPage(
    site,
    'Confirm your subscription',
    [
      `<h1>Confirm your subscription to ${escapeHtml(site.title)}</h1>`,
      `<p>Send the roundup to <strong>${escapeHtml(email)}</strong>?</p>`,
      '<form method="post">',
      '<p><button type="submit">Confirm my subscription</button></p>',
      '</form>',
    ].join('\n'),
  );
}

export function renderConfirmedPage(site: PageSite, email: string, preferencesUrl: string): string {
  return renderPage(
    site,
    'Subscribed',
    [
      '<h1>You are subscribed</h1>',
      `<p>Thank you: <strong>${escapeHtml(email)}</strong> will get the ${escapeHtml(site.title)} roundup.</p>`,
      `<p><a href="${escapeHtml(preferencesUrl)}">Choose your themes</a></p>`,
    ].join('\n'),
  );
}

export function renderUnsubscribePage(site: PageSite, email: string): string {
  return renderPage(
    site,
    'Unsubscribe',
    [
      `<h1>Unsubscribe from ${escapeHtml(site.title)}</h1>`,
      `<p>Stop sending the roundup to <strong>${escapeHtml(email)}</strong>?</p>`,
      '<form method="post">',
      '<input type="hidden" name="List-Unsubscribe" value="One-Click">',
      '<p><button type="submit">Unsubscribe</button></p>',
      '</form>',
    ].join('\n'),
  );
}

export function renderUnsubscribedPage(site: PageSite, email: string): string {
  return renderPage(
    site,
    'Unsubscribed',
    [
      '<h1>You are unsubscribed</h1>',
      `<p><strong>${escapeHtml(email)}</strong> will get no more email from ${escapeHtml(site.title)}.</p>`,
    ].join('\n'),
  );
}

export interface PreferencesForm {
  email: string;
  themes: readonly ThemeChoice[];
  chosen: readonly string[];
  /** A line saying what just happened (role=status), or an error (role=alert). */
  notice?: { kind: 'status' | 'error'; text: string };
}

export function renderPreferencesPage(site: PageSite, form: PreferencesForm): string {
  const notice =
    form.notice === undefined
      ? ''
      : `<p class="${form.notice.kind === 'error' ? 'error' : 'hint'}" role="${form.notice.kind === 'error' ? 'alert' : 'status'}">${escapeHtml(form.notice.text)}</p>`;
  const save =
    form.themes.length === 0
      ? ''
      : ['<form method="post">', themeFieldset(form.themes, form.chosen), '<p><button type="submit" name="action" value="save">Save my themes</button></p>', '</form>'].join('\n');
  return renderPage(
    site,
    'Your subscription',
    [
      '<h1>Your subscription</h1>',
      `<p>The ${escapeHtml(site.title)} roundup goes to <strong>${escapeHtml(form.email)}</strong>.</p>`,
      notice,
      save,
      '<form method="post">',
      '<p><button type="submit" class="quiet" name="action" value="unsubscribe">Unsubscribe</button></p>',
      '</form>',
    ]
      .filter((line) => line !== '')
      .join('\n'),
  );
}

/** The answer to any link that does not work, whatever the reason: it says nothing about who is subscribed. */
export function renderBadLinkPage(site: PageSite): string {
  return renderPage(
    site,
    'Link not valid',
    [
      '<h1>This link does not work</h1>',
      '<p>It may have expired, or been cut short when it was copied. Use the link in the latest email, or subscribe again.</p>',
    ].join('\n'),
  );
}

export function renderNoticePage(site: PageSite, title: string, text: string): string {
  return renderPage(site, title, `<h1>${escapeHtml(title)}</h1>\n<p>${escapeHtml(text)}</p>`);
}

function themeFieldset(themes: readonly ThemeChoice[], chosen: readonly string[]): string {
  if (themes.length === 0) return '';
  const boxes = themes.map((theme) => {
    const id = `theme-${theme.slug}`;
    const checked = chosen.includes(theme.slug) ? ' checked' : '';
    const description = theme.description === '' ? '' : ` <span class="hint">${escapeHtml(theme.description)}</span>`;
    return `<div><input type="checkbox" id="${escapeHtml(id)}" name="themes" value="${escapeHtml(theme.slug)}"${checked}> <label for="${escapeHtml(id)}">${escapeHtml(theme.name)}</label>${description}</div>`;
  });
  return ['<fieldset>', '<legend>Themes</legend>', '<p class="hint">Tick none to get every theme.</p>', ...boxes, '</fieldset>'].join('\n');
}
