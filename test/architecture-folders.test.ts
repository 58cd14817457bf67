import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * The rooms of src/ (docs/architecture.md) as a graph: one node per top-level
 * folder (a file directly in src/, such as app.ts, is a node of its own), an
 * edge wherever a file imports a file of another room (`import type` too: it
 * ties the rooms together as much as any import).
 */

const SRC = path.resolve(import.meta.dirname, '../src');

interface Import {
  readonly from: string; // path below src/, forward slashes
  readonly spec: string; // as written
  readonly to: string | null; // path below src/ of a relative import, else null
}

function sourceFiles(): string[] {
  return readdirSync(SRC, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => f.split(path.sep).join('/'))
    .sort();
}

function importsOf(file: string): Import[] {
  // TypeScript's own scanner: static imports, re-exports and dynamic import() alike, over several lines or one.
  const { importedFiles } = ts.preProcessFile(readFileSync(path.join(SRC, file), 'utf8'), true, true);
  return importedFiles.map(({ fileName: spec }) => {
    if (!spec.startsWith('.')) return { from: file, spec, to: null };
    const to = path.posix.normalize(path.posix.join(path.posix.dirname(file), spec)).replace(/\.js$/, '.ts');
    return { from: file, spec, to };
  });
}

const roomOf = (file: string): string => file.split('/')[0] ?? file;

const imports = sourceFiles().flatMap(importsOf);

/** room -> room -> the imports that make the edge ("a/x.ts -> b/y.ts"). */
function roomGraph(): Map<string, Map<string, string[]>> {
  const graph = new Map<string, Map<string, string[]>>();
  for (const { from, to } of imports) {
    if (to === null || to.startsWith('../')) continue;
    const a = roomOf(from);
    const b = roomOf(to);
    if (a === b) continue;
    const out = graph.get(a) ?? new Map<string, string[]>();
    graph.set(a, out);
    out.set(b, [...(out.get(b) ?? []), `${from} -> ${to}`]);
  }
  return graph;
}

/**
 * The folder cycles src/ has today, each by the one edge that goes against
 * the grain (a lower room reaching up) and the files of the upper room it
 * reaches. Each is a two-room cycle: the other direction is the ordinary
 * one. Removing one of these edges is welcome: then take it off this list
 * (the test says so). A new cycle fails below, unless it closes only
 * through one of these edges; and these edges may not reach further (the
 * lower room importing another file of the upper one fails; another file
 * of the lower room importing the same one, such as a second store's, does
 * not).
 *
 * digest <-> mail and digest <-> pages were here until issue 19: the build's
 * assembly of a roundup into pages, feeds and .eml files moved to build/.
 */
const KNOWN_BACK_EDGES: ReadonlyArray<readonly [string, string, readonly string[], string]> = [
  ['config', 'addresses', ['addresses/permalink-rule.ts'], 'the schema checks pages.permalink with the rule\'s own parser'],
  ['config', 'digest', ['digest/subject-form.ts'], 'the schema checks digest.subject and takes its default from the subject form'],
  ['config', 'mail', ['mail/smtp/endpoint.ts'], 'the loader and the schema check smtp URLs with the SMTP client\'s own parser'],
  ['config', 'schedule', ['schedule/cron-check.ts'], 'the schema checks schedule.cron'],
  ['config', 'server', ['server/proxy/ip-address.ts'], 'the schema checks server.trustedProxies with the proxy rule\'s own address parser'],
  ['model', 'config', ['config/schema.ts'], 'a Theme is the config\'s theme type'],
  ['addresses', 'normalise', ['normalise/url.ts'], 'a post\'s own address is made by normalise\'s URL rule, which calls the address back'],
  ['preview', 'app', ['app/import-deps.ts', 'app/templates.ts', 'app/transport.ts'], 'the preview reloads content, templates and its inbox transport on each edit through the composition root\'s pieces (issue 20); app reads the running preview\'s inbox file'],
  ['preview', 'app.ts', ['app.ts'], 'the same: the preview opens its app through the entry'],
  ['store', 'inbound', ['inbound/event.ts'], 'the store keeps InboundEvents, whose type lives with the ways in'],
];

/** One cycle in the graph, as a list of rooms (first = last), or null. */
function findCycle(graph: Map<string, Map<string, string[]>>): string[] | null {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (room: string): string[] | null => {
    state.set(room, 'open');
    stack.push(room);
    for (const next of [...(graph.get(room)?.keys() ?? [])].sort()) {
      if (state.get(next) === 'open') return [...stack.slice(stack.indexOf(next)), next];
      if (state.get(next) === undefined) {
        const found = visit(next);
        if (found) return found;
      }
    }
    stack.pop();
    state.set(room, 'done');
    return null;
  };
  for (const room of [...graph.keys()].sort()) {
    if (state.get(room) === undefined) {
      const found = visit(room);
      if (found) return found;
    }
  }
  return null;
}

describe('the rooms of src/', () => {
  it('import each other without a cycle, apart from the known ones', () => {
    const graph = roomGraph();
    for (const [from, to, targets, why] of KNOWN_BACK_EDGES) {
      const edge = graph.get(from)?.get(to);
      expect(edge, `${from} -> ${to} (${why}) is gone: take it off KNOWN_BACK_EDGES`).toBeDefined();
      const reached = [...new Set(edge?.map((e) => e.split(' -> ')[1]))].sort();
      expect(reached, `${from} -> ${to} may reach no further than ${targets.join(', ')}: ${edge?.join(', ')}`).toEqual(targets);
      graph.get(from)?.delete(to);
    }
    const cycle = findCycle(graph);
    const detail = cycle?.slice(1).map((room, i) => `  ${cycle[i]} -> ${room}: ${(graph.get(cycle[i] ?? '')?.get(room) ?? []).join(', ')}`);
    expect(cycle, `a folder import cycle:\n${detail?.join('\n')}`).toBeNull();
  });

  it('finds a cycle when there is one (the check itself)', () => {
    const graph = new Map([
      ['a', new Map([['b', ['a/x.ts -> b/y.ts']]])],
      ['b', new Map([['c', ['b/y.ts -> c/z.ts']]])],
      ['c', new Map([['a', ['c/z.ts -> a/x.ts']]])],
    ]);
    expect(findCycle(graph)).toEqual(['a', 'b', 'c', 'a']);
    graph.get('c')?.delete('a');
    expect(findCycle(graph)).toBeNull();
  });

  it('reads every kind of import line', () => {
    // The scanner is what the cycle check stands on: it must see `import type`, re-exports, several-line and dynamic imports.
    const seen = new Set(imports.filter((i) => i.from === 'digest/index.ts' || i.from === 'app/open-app.ts').map((i) => i.spec));
    expect(seen).toContain('./plan.js'); // export { ... } from
    expect(seen).toContain('./model.js'); // export type { ... } from
    expect(seen).toContain('../config/schema.js'); // import type
    const info = ts.preProcessFile("import {\n  a,\n  b,\n} from './x.js';\nconst m = await import('../y.js');\nexport * from './z.js';", true, true);
    expect(info.importedFiles.map((f) => f.fileName)).toEqual(['./x.js', '../y.js', './z.js']);
  });
});

describe('src/digest/ (issue selection, planning, rendering a roundup)', () => {
  const digest = imports.filter((i) => i.from.startsWith('digest/'));

  it('has files to check', () => {
    expect(digest.length).toBeGreaterThan(50);
  });

  it('does no file I/O: no node:fs', () => {
    expect(digest.filter((i) => /^(node:)?fs(\/|$)/.test(i.spec)).map((i) => `${i.from}: ${i.spec}`)).toEqual([]);
  });

  it('does not use the store, not even its types', () => {
    const store = digest.filter((i) => i.to?.startsWith('store/') || /^(better-sqlite3|pg|pg-boss)$/.test(i.spec));
    expect(store.map((i) => `${i.from}: ${i.spec}`)).toEqual([]);
  });

  it('sends no mail: nothing of src/mail (its transport, its SMTP client) or nodemailer', () => {
    const mail = digest.filter((i) => i.to?.startsWith('mail/') || /^nodemailer(\/|$)/.test(i.spec));
    expect(mail.map((i) => `${i.from}: ${i.spec}`)).toEqual([]);
  });
});
