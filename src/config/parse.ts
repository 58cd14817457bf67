import { LineCounter, parseDocument, isNode } from 'yaml';
import type { z } from 'zod';
import { InputError } from '../errors.js';
import type { Diagnostic } from '../model/diagnostic.js';
import { diagnostic } from '../model/diagnostic.js';
import { configSchema, type Config } from './schema.js';
import { allowedKeys } from './keys.js';

/** Parses and validates config text (pure). Throws InputError with one diagnostic per problem. */
export function parseConfig(text: string, file: string): Config {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    const diags = doc.errors.map((e) =>
      diagnostic(file, lineCounter.linePos(e.pos[0]).line, `YAML syntax: ${e.message.split('\n')[0]}`, 'fix the YAML at that line'),
    );
    throw new InputError(`the config file ${file} is not valid YAML`, diags);
  }
  const raw: unknown = doc.toJS() ?? {};
  const result = configSchema.safeParse(raw);
  if (result.success) return result.data;
  const lineOf = (p: readonly PropertyKey[]): number => {
    for (let n = p.length; n >= 0; n--) {
      const node = doc.getIn(p.slice(0, n) as unknown[], true);
      if (isNode(node) && node.range) return lineCounter.linePos(node.range[0]).line;
    }
    return 0;
  };
  const diags: Diagnostic[] = result.error.issues.map((issue) => describeIssue(issue, file, lineOf));
  throw new InputError(`the config file ${file} has ${diags.length} problem${diags.length === 1 ? '' : 's'}`, diags);
}

function describeIssue(issue: z.core.$ZodIssue, file: string, lineOf: (p: readonly PropertyKey[]) => number): Diagnostic {
  const key = formatPath(issue.path);
  if (issue.code === 'unrecognized_keys') {
    const allowed = allowedKeys(issue.path);
    const where = issue.path.length ? `in ${key}` : 'at the top level';
    return diagnostic(
      file,
      lineOf([...issue.path, issue.keys[0] ?? '']),
      `unknown key ${issue.keys.map((k) => `"${k}"`).join(', ')} ${where}`,
      `allowed: ${allowed.join(', ')}`,
    );
  }
  const msg = issue.message.replace(/^Invalid input: /, '');
  return diagnostic(file, lineOf(issue.path), `${key || '(top level)'}: ${msg}`, 'see docs/configuration.md');
}

function formatPath(p: readonly PropertyKey[]): string {
  return p.reduce<string>((acc, k) => (typeof k === 'number' ? `${acc}[${k}]` : acc ? `${acc}.${String(k)}` : String(k)), '');
}
