import type { Issue } from '../model.js';
import type { MjmlPool } from './mjml-pool.js';
import { openMjmlPool } from './mjml-pool.js';
import type { RenderContext } from './render.js';
import { issueMjml } from './render.js';

/** Fewer roundups than this to render are compiled on this thread: starting a worker costs about as much as a few compiles. */
export const MIN_ISSUES_FOR_WORKERS = 8;

/**
 * The roundups a build renders, their MJML compiled ahead on worker threads
 * (a few issues ahead of the one being rendered), to hand to renderIssue as
 * RenderContext.compiled. Only the whole form is compiled ahead; a form
 * renderIssue falls back to (an issue too large) compiles on this thread.
 */
export interface CompileAhead {
  /** What the workers made for `issues[index]` (empty when they did not compile it); starts the next ones. */
  ready(index: number): Promise<ReadonlyMap<string, string>>;
  close(): Promise<void>;
}

export function compileAhead(issues: readonly Issue[], ctx: RenderContext, workers: number): CompileAhead {
  if (workers <= 0 || issues.length < MIN_ISSUES_FOR_WORKERS) return { ready: () => Promise.resolve(new Map()), close: () => Promise.resolve() };
  const pool: MjmlPool = openMjmlPool(workers);
  const window = workers * 2;
  const started = new Map<number, Promise<ReadonlyMap<string, string>>>();
  let next = 0;
  const start = (upTo: number): void => {
    for (; next < Math.min(upTo, issues.length); next++) {
      const issue = issues[next];
      if (issue === undefined) continue;
      let mjml: string;
      try {
        mjml = issueMjml(issue, ctx);
      } catch {
        // A template that fails on this issue fails again when the issue is rendered, in its turn, with its TemplateError.
        continue;
      }
      started.set(next, pool.compile(mjml).then((html) => new Map(html === undefined ? [] : [[mjml, html]])));
    }
  };
  return {
    async ready(index) {
      start(index + 1 + window);
      const compiled = started.get(index);
      started.delete(index);
      return (await compiled) ?? new Map();
    },
    close: () => pool.close(),
  };
}
