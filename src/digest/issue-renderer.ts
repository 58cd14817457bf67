import type { Issue } from './model.js';
import type { RenderContext, RenderedIssue } from './render/render.js';
import { renderIssue } from './render/render.js';
import { variantKey, variantOf } from './variant.js';

/** Renders an issue's variants on demand, each once, however many subscribers share it. */
export interface IssueRenderer {
  readonly issue: Issue;
  /** The rendering for a subscriber following `themes` (none = all), or null when the issue has none of them: no email. */
  forThemes(themes: readonly string[]): RenderedIssue | null;
  /** How many variants have been compiled so far. */
  readonly variantsRendered: number;
}

/** What the sender holds per issue: look a subscriber's variant up, personalise, send. */
export function issueRenderer(issue: Issue, ctx: RenderContext): IssueRenderer {
  const cache = new Map<string, RenderedIssue>();
  // Subscribers share few choices of themes: each choice's key is worked out once.
  const keys = new Map<string, string | null>();
  const keyOf = (themes: readonly string[]): string | null => {
    const choice = themes.join('\0');
    let key = keys.get(choice);
    if (key === undefined) {
      key = variantKey(issue, themes);
      keys.set(choice, key);
    }
    return key;
  };
  return {
    issue,
    forThemes(themes) {
      const key = keyOf(themes);
      if (key === null) return null;
      let rendered = cache.get(key);
      if (rendered === undefined) {
        const variant = variantOf(issue, key === '*' ? [] : key.split(','), ctx.config);
        if (variant === null) return null;
        rendered = renderIssue(variant, ctx, key);
        cache.set(key, rendered);
      }
      return rendered;
    },
    get variantsRendered() {
      return cache.size;
    },
  };
}
