/**
 * MJML's elements and the attributes each takes, as mjml 4.18.0 registers them
 * (mjml-core's `components` once `mjml` is loaded): what mjml-tags.ts checks
 * templates against. A copy, so that checking the templates (every build
 * does) does not load MJML, which only a roundup that has to be rendered
 * needs (docs/architecture.md, "Loading only what a command runs").
 * test/digest/mjml-elements.test.ts compares it with the installed mjml and
 * prints the new table when an upgrade changes it.
 */
export const MJML_ELEMENTS: Readonly<Record<string, MjmlElement>> = {
  'mj-body': { attributes: ['width', 'background-color'] },
  'mj-head': { attributes: [] },
  'mj-attributes': { attributes: [] },
  'mj-breakpoint': { attributes: ['width'], endingTag: true },
  'mj-html-attributes': { attributes: [] },
  'mj-font': { attributes: ['name', 'href'] },
  'mj-preview': { attributes: [], endingTag: true },
  'mj-style': { attributes: ['inline'], endingTag: true },
  'mj-title': { attributes: [], endingTag: true },
  'mj-hero': { attributes: ['mode', 'height', 'background-url', 'background-width', 'background-height', 'background-position', 'border-radius', 'container-background-color', 'inner-background-color', 'inner-padding', 'inner-padding-top', 'inner-padding-left', 'inner-padding-right', 'inner-padding-bottom', 'padding', 'padding-bottom', 'padding-left', 'padding-right', 'padding-top', 'background-color', 'vertical-align'] },
  'mj-button': { attributes: ['align', 'background-color', 'border-bottom', 'border-left', 'border-radius', 'border-right', 'border-top', 'border', 'color', 'container-background-color', 'font-family', 'font-size', 'font-style', 'font-weight', 'height', 'href', 'name', 'title', 'inner-padding', 'letter-spacing', 'line-height', 'padding-bottom', 'padding-left', 'padding-right', 'padding-top', 'padding', 'rel', 'target', 'text-decoration', 'text-transform', 'vertical-align', 'text-align', 'width'], endingTag: true },
  'mj-column': { attributes: ['background-color', 'border', 'border-bottom', 'border-left', 'border-radius', 'border-right', 'border-top', 'direction', 'inner-background-color', 'padding-bottom', 'padding-left', 'padding-right', 'padding-top', 'inner-border', 'inner-border-bottom', 'inner-border-left', 'inner-border-radius', 'inner-border-right', 'inner-border-top', 'padding', 'vertical-align', 'width'] },
  'mj-divider': { attributes: ['border-color', 'border-style', 'border-width', 'container-background-color', 'padding', 'padding-bottom', 'padding-left', 'padding-right', 'padding-top', 'width', 'align'] },
  'mj-group': { attributes: ['background-color', 'direction', 'vertical-align', 'width'] },
  'mj-image': { attributes: ['alt', 'href', 'name', 'src', 'srcset', 'sizes', 'title', 'rel', 'align', 'border', 'border-bottom', 'border-left', 'border-right', 'border-top', 'border-radius', 'container-background-color', 'fluid-on-mobile', 'padding', 'padding-bottom', 'padding-left', 'padding-right', 'padding-top', 'target', 'width', 'height', 'max-height', 'font-size', 'usemap'] },
  'mj-raw': { attributes: ['position'], endingTag: true },
  'mj-section': { attributes: ['background-color', 'background-url', 'background-repeat', 'background-size', 'background-position', 'background-position-x', 'background-position-y', 'border', 'border-bottom', 'border-left', 'border-radius', 'border-right', 'border-top', 'direction', 'full-width', 'padding', 'padding-top', 'padding-bottom', 'padding-left', 'padding-right', 'text-align', 'text-padding'] },
  'mj-spacer': { attributes: ['border', 'border-bottom', 'border-left', 'border-right', 'border-top', 'container-background-color', 'padding-bottom', 'padding-left', 'padding-right', 'padding-top', 'padding', 'height'] },
  'mj-text': { attributes: ['align', 'background-color', 'color', 'container-background-color', 'font-family', 'font-size', 'font-style', 'font-weight', 'height', 'letter-spacing', 'line-height', 'padding-bottom', 'padding-left', 'padding-right', 'padding-top', 'padding', 'text-decoration', 'text-transform', 'vertical-align'], endingTag: true },
  'mj-table': { attributes: ['align', 'border', 'cellpadding', 'cellspacing', 'container-background-color', 'color', 'font-family', 'font-size', 'font-weight', 'line-height', 'padding-bottom', 'padding-left', 'padding-right', 'padding-top', 'padding', 'role', 'table-layout', 'vertical-align', 'width'], endingTag: true },
  'mj-wrapper': { attributes: ['background-color', 'background-url', 'background-repeat', 'background-size', 'background-position', 'background-position-x', 'background-position-y', 'border', 'border-bottom', 'border-left', 'border-radius', 'border-right', 'border-top', 'direction', 'full-width', 'padding', 'padding-top', 'padding-bottom', 'padding-left', 'padding-right', 'text-align', 'text-padding', 'gap'] },
  'mj-social': { attributes: ['align', 'border-radius', 'container-background-color', 'color', 'font-family', 'font-size', 'font-style', 'font-weight', 'icon-size', 'icon-height', 'icon-padding', 'inner-padding', 'line-height', 'mode', 'padding-bottom', 'padding-left', 'padding-right', 'padding-top', 'padding', 'table-layout', 'text-padding', 'text-decoration', 'vertical-align'] },
  'mj-social-element': { attributes: ['align', 'icon-position', 'background-color', 'color', 'border-radius', 'font-family', 'font-size', 'font-style', 'font-weight', 'href', 'icon-size', 'icon-height', 'icon-padding', 'line-height', 'name', 'padding-bottom', 'padding-left', 'padding-right', 'padding-top', 'padding', 'text-padding', 'rel', 'src', 'srcset', 'sizes', 'alt', 'title', 'target', 'text-decoration', 'vertical-align'], endingTag: true },
  'mj-navbar': { attributes: ['align', 'base-url', 'hamburger', 'ico-align', 'ico-open', 'ico-close', 'ico-color', 'ico-font-size', 'ico-font-family', 'ico-text-transform', 'ico-padding', 'ico-padding-left', 'ico-padding-top', 'ico-padding-right', 'ico-padding-bottom', 'padding', 'padding-left', 'padding-top', 'padding-right', 'padding-bottom', 'ico-text-decoration', 'ico-line-height'] },
  'mj-navbar-link': { attributes: ['color', 'font-family', 'font-size', 'font-style', 'font-weight', 'href', 'name', 'target', 'rel', 'letter-spacing', 'line-height', 'padding-bottom', 'padding-left', 'padding-right', 'padding-top', 'padding', 'text-decoration', 'text-transform'], endingTag: true },
  'mj-accordion': { attributes: ['container-background-color', 'border', 'font-family', 'icon-align', 'icon-width', 'icon-height', 'icon-wrapped-url', 'icon-wrapped-alt', 'icon-unwrapped-url', 'icon-unwrapped-alt', 'icon-position', 'padding-bottom', 'padding-left', 'padding-right', 'padding-top', 'padding'] },
  'mj-accordion-element': { attributes: ['background-color', 'border', 'font-family', 'icon-align', 'icon-width', 'icon-height', 'icon-wrapped-url', 'icon-wrapped-alt', 'icon-unwrapped-url', 'icon-unwrapped-alt', 'icon-position'] },
  'mj-accordion-text': { attributes: ['background-color', 'font-size', 'font-family', 'font-weight', 'letter-spacing', 'line-height', 'color', 'padding-bottom', 'padding-left', 'padding-right', 'padding-top', 'padding'], endingTag: true },
  'mj-accordion-title': { attributes: ['background-color', 'color', 'font-size', 'font-family', 'font-weight', 'padding-bottom', 'padding-left', 'padding-right', 'padding-top', 'padding'], endingTag: true },
  'mj-carousel': { attributes: ['align', 'border-radius', 'container-background-color', 'icon-width', 'left-icon', 'padding', 'padding-top', 'padding-bottom', 'padding-left', 'padding-right', 'right-icon', 'thumbnails', 'tb-border', 'tb-border-radius', 'tb-hover-border-color', 'tb-selected-border-color', 'tb-width'] },
  'mj-carousel-image': { attributes: ['alt', 'href', 'rel', 'target', 'title', 'src', 'thumbnails-src', 'border-radius', 'tb-border', 'tb-border-radius'], endingTag: true },
};

export interface MjmlElement {
  /** In mjml's order (the order "did you mean" tries them in). */
  readonly attributes: readonly string[];
  /** Its content is HTML MJML does not read (mj-text, mj-button, mj-raw...). */
  readonly endingTag?: true;
}
