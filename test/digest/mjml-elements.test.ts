import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { MJML_ELEMENTS } from '../../src/digest/templates/mjml-elements.js';

/** The registry the installed mjml builds (mjml-core's components, once mjml has registered its own), in the copy's shape. */
function installedElements(): Record<string, { attributes: string[]; endingTag?: true }> {
  const require = createRequire(import.meta.url);
  require('mjml');
  const { components } = require('mjml-core') as { components: Record<string, { allowedAttributes?: Record<string, string>; endingTag?: boolean }> };
  return Object.fromEntries(
    Object.entries(components).map(([name, c]) => [name, { attributes: Object.keys(c.allowedAttributes ?? {}), ...(c.endingTag ? { endingTag: true as const } : {}) }]),
  );
}

describe('the copy of MJML\'s elements the template check reads', () => {
  it('is what the installed mjml registers, element by element and attribute by attribute, in its order (after an upgrade: paste the table this prints into src/digest/templates/mjml-elements.ts)', () => {
    const installed = installedElements();
    expect(Object.keys(MJML_ELEMENTS)).toEqual(Object.keys(installed));
    expect(MJML_ELEMENTS).toEqual(installed);
  });
});
