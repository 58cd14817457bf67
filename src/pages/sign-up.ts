import type { Config } from '../config/schema.js';
import { SUBSCRIPTION_PATHS } from '../subscribers/links.js';

/** Where on a page the sign-up link may go; the template decides which it fills. */
export const SIGN_UP_PLACES = ['header', 'main', 'footer'] as const;
export type SignUpPlace = (typeof SIGN_UP_PLACES)[number];

/** What the sign-up template sees (besides one `true` flag naming the place). */
export interface SignUpView {
  /** The subscription page: absolute, with `?theme=<slug>` when the page has a theme. */
  readonly url: string;
  readonly site: { readonly title: string };
  /** The page's theme (a theme's page, a post's primary theme), or null. */
  readonly theme: { readonly slug: string; readonly name: string; readonly description: string } | null;
}

/** The compiled sign-up template: HTML for one place of one page ('' for a place it leaves empty). */
export type SignUp = (place: SignUpPlace, view: SignUpView) => string;

/** The HTML the layout puts in each place. */
export type SignUpParts = Readonly<Record<SignUpPlace, string>>;

/** The subscription page's address (`tidings serve` answers it below site.baseUrl), with a theme ticked when given. */
export function subscribeUrl(config: Config, theme?: string): string {
  const url = new URL(SUBSCRIPTION_PATHS.subscribe, config.site.baseUrl);
  if (theme !== undefined) url.searchParams.set('theme', theme);
  return url.href;
}

/** The sign-up HTML of a page in each place, or nothing when the site has no sign-up. */
export function signUpParts(signUp: SignUp | undefined, config: Config, theme?: { slug: string; name: string; description: string }): SignUpParts | undefined {
  if (signUp === undefined) return undefined;
  const view: SignUpView = {
    url: subscribeUrl(config, theme?.slug),
    site: { title: config.site.title },
    theme: theme === undefined ? null : { slug: theme.slug, name: theme.name, description: theme.description },
  };
  const parts = { header: '', main: '', footer: '' };
  for (const place of SIGN_UP_PLACES) parts[place] = signUp(place, view).trim();
  return parts;
}

/** `{ signUp }` for a LayoutModel when there are parts, else nothing (exactOptionalPropertyTypes). */
export function withSignUp(parts: SignUpParts | undefined): { signUp?: SignUpParts } {
  return parts === undefined ? {} : { signUp: parts };
}
