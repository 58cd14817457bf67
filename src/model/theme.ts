/**
 * A Theme: a named topic with a slug, a description and matching rules,
 * declared in the config. Posts get themes from their front matter, else from
 * the rules (`keywords`: whole words or phrases, case-insensitive, a title
 * match counting three times; a theme is given at `minScore` or more, the
 * best score first). Themes drive roundup sections, theme feeds and
 * subscriber preferences. Visual themes are a separate thing: templates/themes/.
 */
export type { ThemeConfig as Theme } from '../config/schema.js';
