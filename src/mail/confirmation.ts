import type { SendMailOptions } from 'nodemailer';
import type { Config } from '../config/schema.js';
import { escapeHtml } from '../text/html-escape.js';
import { listId } from '../subscribers/list-id.js';
import type { ConfirmLink } from '../subscribers/links.js';

export interface ConfirmationEmail {
  config: Pick<Config, 'site' | 'email'>;
  to: { email: string; name: string };
  /** The signed confirmation link and when it stops working. */
  confirm: ConfirmLink;
}

/**
 * The double opt-in message: From and Reply-To from the config, the
 * site's List-Id, a plain-text part and a small HTML part saying the same
 * (nothing in one that the other hides). Pure: nodemailer builds and sends it.
 */
export function buildConfirmationEmail({ config, to, confirm }: ConfirmationEmail): SendMailOptions {
  const site = config.site.title;
  const until = new Intl.DateTimeFormat(config.site.language, { dateStyle: 'long', timeZone: config.site.timeZone }).format(confirm.expires);
  const greeting = to.name === '' ? 'Hello,' : `Hello ${to.name},`;
  const ask = `Please confirm that you want the ${site} email roundup at ${to.email}:`;
  const expiry = `The link works until ${until}. If you did not ask for this, ignore this email: you will not hear from us again.`;
  const footer = [site, config.email.postalAddress].filter((line) => line !== '');

  const text = [greeting, '', ask, '', confirm.url, '', expiry, '', '-- ', ...footer, ''].join('\n');
  const html = [
    '<!doctype html>',
    `<html lang="${escapeHtml(config.site.language)}">`,
    '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(`Confirm your subscription to ${site}`)}</title></head>`,
    '<body style="margin:0;padding:24px;font:16px/1.5 system-ui,-apple-system,\'Segoe UI\',Roboto,sans-serif">',
    `<p>${escapeHtml(greeting)}</p>`,
    `<p>${escapeHtml(ask)}</p>`,
    `<p><a href="${escapeHtml(confirm.url)}" style="display:inline-block;padding:10px 18px;border-radius:6px;background:#0b57d0;color:#ffffff;text-decoration:none;font-weight:600">Confirm my subscription</a></p>`,
    `<p style="font-size:14px">Or open this link: <a href="${escapeHtml(confirm.url)}">${escapeHtml(confirm.url)}</a></p>`,
    `<p>${escapeHtml(expiry)}</p>`,
    `<p style="font-size:14px;color:#5b5b60">${footer.map(escapeHtml).join('<br>')}</p>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');

  return {
    from: config.email.from,
    ...(config.email.replyTo === undefined ? {} : { replyTo: config.email.replyTo }),
    to: { name: to.name, address: to.email },
    subject: `Confirm your subscription to ${site}`,
    text,
    html,
    list: { id: listId(config) },
  };
}
