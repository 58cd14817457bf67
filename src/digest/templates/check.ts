import type { Diagnostic } from '../../model/diagnostic.js';
import { diagnostic } from '../../model/diagnostic.js';
import type { TemplateFile } from './files.js';

/** The helpers templates may call: Handlebars' own. Post data never reaches a helper that could turn it into markup. */
export const KNOWN_HELPERS: readonly string[] = ['if', 'unless', 'each', 'with', 'lookup', 'log'];

/**
 * Helpers whose output is markup tidings made and marked safe (a Handlebars
 * SafeString): the only values a user's template may output unescaped with
 * `{{{ }}}`. None of Handlebars' own is one; a helper tidings adds for
 * markup of its own making joins this list.
 */
export const SAFE_HELPERS: readonly string[] = [];

/** Block helpers that take exactly one value. */
const ONE_ARGUMENT: readonly string[] = ['if', 'unless', 'each', 'with'];

interface AstNode {
  readonly type: string;
  readonly loc?: { readonly start: { readonly line: number } } | null;
  readonly [key: string]: unknown;
}

/**
 * What Handlebars would only find while rendering (or never): a partial
 * that does not exist, a helper that is not known; and, in a user's
 * template, a value output unescaped (`{{{x}}}` or `{{&x}}`) that no safe
 * helper made. Each problem names the template file and line.
 */
export function checkTemplate(template: TemplateFile, ast: unknown, partials: ReadonlySet<string>): Diagnostic[] {
  const problems: Diagnostic[] = [];
  const inline = new Set<string>();
  walk(ast, (node) => {
    if (node.type === 'DecoratorBlock' && pathName(node['path']) === 'inline') {
      const first = (node['params'] as unknown[] | undefined)?.[0] as { value?: unknown } | undefined;
      if (typeof first?.value === 'string') inline.add(first.value);
    }
  });
  walk(ast, (node) => {
    const line = node.loc?.start.line ?? 0;
    if (node.type === 'PartialStatement' || node.type === 'PartialBlockStatement') {
      const name = pathName(node['name']) ?? literal(node['name']);
      if (name !== undefined && !partials.has(name) && !inline.has(name) && !(node.type === 'PartialBlockStatement' && name === '@partial-block')) {
        problems.push(
          diagnostic(template.file, line, `unknown partial "${name}"`, `the partials are ${[...partials].sort().join(', ')}; add ${name}.mjml.hbs to your templates folder's email/ or fix the name`),
        );
      }
      return;
    }
    if (node.type === 'MustacheStatement' && node['escaped'] === false && template.builtIn !== true) {
      const name = pathName(node['path']) ?? '';
      if (!SAFE_HELPERS.includes(name)) {
        problems.push(
          diagnostic(
            template.file,
            line,
            `"${name}" is output without escaping ({{{ }}} or {{& }}): a post's title or excerpt could then put markup (a link, a script) into the email`,
            `write {{${name}}} instead; every value tidings gives a template is plain text`,
          ),
        );
      }
    }
    if (node.type === 'BlockStatement' && ONE_ARGUMENT.includes(pathName(node['path']) ?? '') && ((node['params'] as unknown[] | undefined) ?? []).length !== 1) {
      const name = pathName(node['path']) ?? '';
      // Handlebars finds this only while rendering, and then names no template.
      problems.push(diagnostic(template.file, line, `{{#${name}}} takes exactly one value`, `e.g. {{#${name} ${name === 'each' ? 'posts' : 'excerpt'}}}…{{/${name}}}`));
    }
    if (node.type === 'MustacheStatement' || node.type === 'BlockStatement' || node.type === 'SubExpression') {
      const params = (node['params'] as unknown[] | undefined) ?? [];
      const hash = node['hash'] as { pairs?: unknown[] } | undefined;
      const name = pathName(node['path']);
      if ((params.length > 0 || (hash?.pairs?.length ?? 0) > 0) && name !== undefined && !KNOWN_HELPERS.includes(name)) {
        problems.push(diagnostic(template.file, line, `unknown helper "${name}"`, `templates may use ${KNOWN_HELPERS.join(', ')}`));
      }
    }
  });
  return problems;
}

function walk(value: unknown, visit: (node: AstNode) => void): void {
  if (Array.isArray(value)) {
    for (const item of value) walk(item, visit);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  const node = value as AstNode;
  if (typeof node.type === 'string') visit(node);
  for (const [key, child] of Object.entries(node)) if (key !== 'loc') walk(child, visit);
}

function pathName(value: unknown): string | undefined {
  const node = value as { type?: unknown; original?: unknown } | undefined;
  return node?.type === 'PathExpression' && typeof node.original === 'string' ? node.original : undefined;
}

function literal(value: unknown): string | undefined {
  const node = value as { type?: unknown; value?: unknown } | undefined;
  return node?.type === 'StringLiteral' && typeof node.value === 'string' ? node.value : undefined;
}
