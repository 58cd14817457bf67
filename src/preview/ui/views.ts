import { esc } from './html.js';

/** One choice of a view switch. */
export interface ViewOption {
  readonly value: string;
  readonly label: string;
}

/**
 * A row of radio buttons (arrow keys move between them) that shows one
 * part of the page at a time; the script switches parts without reloading
 * and keeps the choice in the address (?view=…).
 */
export function viewSwitch(legend: string, options: readonly ViewOption[], current: string): string {
  const radios = options.map(
    (o) => `<label><input type="radio" name="view" value="${esc(o.value)}"${o.value === current ? ' checked' : ''}>${esc(o.label)}</label>`,
  );
  return `<fieldset class="views"><legend>${esc(legend)}</legend><div class="seg">${radios.join('')}</div></fieldset>`;
}

/** A part shown for some views only (`views` as in viewSwitch's values). */
export function part(views: readonly string[], current: string, html: string, className = ''): string {
  const shown = views.includes(current);
  return `<div data-views="${esc(views.join(' '))}"${className ? ` class="${esc(className)}"` : ''}${shown ? '' : ' hidden'}>${html}</div>`;
}

export interface FrameModel {
  readonly src: string;
  /** What the frame shows, for screen readers. */
  readonly title: string;
  readonly className: string;
  /** Loaded now (its part is shown) or when its part is first shown. */
  readonly eager: boolean;
  /** Shows the built site (reloaded after each build). */
  readonly site?: boolean;
  /** Sized to its content. */
  readonly fit?: boolean;
}

/**
 * An iframe for an email or a page of the built site: same origin, no
 * scripts (sandboxed), links open in a new tab.
 */
export function frame(f: FrameModel): string {
  const classes = [f.className, f.fit === false ? '' : 'fit'].filter(Boolean).join(' ');
  const source = f.eager ? `src="${esc(f.src)}" data-src="${esc(f.src)}"` : `data-src="${esc(f.src)}"`;
  return `<iframe class="${esc(classes)}" title="${esc(f.title)}" ${source}${f.site ? ' data-site' : ''} sandbox="allow-same-origin allow-popups allow-popups-to-escape-sandbox"></iframe>`;
}

/** A figure with a caption. */
export function figure(caption: string, body: string, className = ''): string {
  return `<figure${className ? ` class="${esc(className)}"` : ''}><figcaption>${caption}</figcaption>${body}</figure>`;
}

/** Headers as a two-column table. */
export function headersTable(headers: readonly { readonly name: string; readonly value: string }[], caption: string): string {
  const rows = headers.map((h) => `<tr><td>${esc(h.name)}</td><td>${esc(h.value)}</td></tr>`);
  return `<table class="list headers"><caption class="small" style="text-align:left;padding:.5rem .75rem">${esc(caption)}</caption><thead><tr><th scope="col">Header</th><th scope="col">Value</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}
