import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { REPO } from './helpers/site.js';

/**
 * The composition root (src/app/, docs/architecture.md) is the only place
 * that reads the environment, opens a store or makes a transport. This
 * reads every file under src/ as TypeScript (comments and strings do not
 * count) and lists what breaks that, by file and line.
 */

interface Finding {
  readonly rule: Rule;
  readonly file: string;
  readonly line: number;
  readonly text: string;
}

type Rule = 'reads process.env' | 'reads a variable of an environment' | 'opens a store' | 'makes a nodemailer transport' | 'opens a nodemailer connection' | 'makes a relay kind';

/** Where each rule may be broken: the composition root, and the rooms that define the thing it builds. */
const ALLOWED: Readonly<Record<Rule, readonly string[]>> = {
  'reads process.env': ['src/app/'],
  // The loader applies the environment's overrides of config keys (TIDINGS_STORE_URL, TIDINGS_SMTP_URL, TIDINGS_SECRET, the webhook secrets).
  'reads a variable of an environment': ['src/app/', 'src/config/'],
  // store/open.ts chooses between the two implementations by URL scheme; app/open-app.ts calls it.
  'opens a store': ['src/app/', 'src/store/'],
  // A stream transport that composes and never connects (mail/compose.ts says so).
  'makes a nodemailer transport': ['src/mail/compose.ts'],
  // The bench's wire under tidings' own pool (TIDINGS_SMTP_WIRE=nodemailer), reached only through the SMTP relay kind.
  'opens a nodemailer connection': ['src/mail/smtp/nodemailer-wire.ts'],
  // The relay kinds are files in mail/transport/ (preview-inbox.ts is the SMTP kind with the preview's settings); app/transport.ts picks one.
  'makes a relay kind': ['src/app/', 'src/mail/transport/'],
};

const STORE_OPENERS = new Set(['openStore', 'openSqliteStore', 'openPostgresStore']);
const RELAY_KINDS = new Set(['createSmtpTransport', 'createOutboxTransport', 'createPreviewInboxTransport']);

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const files = await Promise.all(
    entries.map(async (entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return sourceFiles(full);
      return entry.name.endsWith('.ts') ? [full] : [];
    }),
  );
  return files.flat();
}

/** The name a call is made by: `f(...)` and `x.f(...)` are both `f`. */
function calleeName(expression: ts.Expression): string | undefined {
  if (ts.isIdentifier(expression)) return expression.text;
  if (ts.isPropertyAccessExpression(expression)) return expression.name.text;
  return undefined;
}

/** `env` or `something.env`: an environment object, by the name every file gives it. */
function isEnvironment(expression: ts.Expression): boolean {
  if (ts.isIdentifier(expression)) return expression.text === 'env';
  if (ts.isPropertyAccessExpression(expression)) return expression.name.text === 'env' && !(ts.isIdentifier(expression.expression) && expression.expression.text === 'process');
  return false;
}

export function findings(file: string, text: string): Finding[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: Finding[] = [];
  const add = (rule: Rule, node: ts.Node): void => {
    const { line } = source.getLineAndCharacterOfPosition(node.getStart(source));
    found.push({ rule, file, line: line + 1, text: node.getText(source).split('\n')[0] ?? '' });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'process' && node.name.text === 'env') add('reads process.env', node);
    else if ((ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) && isEnvironment(node.expression)) add('reads a variable of an environment', node);
    if (ts.isCallExpression(node)) {
      const name = calleeName(node.expression);
      if (name !== undefined && STORE_OPENERS.has(name)) add('opens a store', node);
      if (name === 'createTransport') add('makes a nodemailer transport', node);
      if (name !== undefined && RELAY_KINDS.has(name)) add('makes a relay kind', node);
    }
    if (ts.isNewExpression(node) && calleeName(node.expression) === 'SMTPConnection') add('opens a nodemailer connection', node);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

let scanned: Promise<Finding[]> | undefined;
const allFindings = (): Promise<Finding[]> => (scanned ??= scan());

async function scan(): Promise<Finding[]> {
  const root = path.join(REPO, 'src');
  const files = await sourceFiles(root);
  const lists = await Promise.all(files.map(async (file) => findings(path.relative(REPO, file).split(path.sep).join('/'), await readFile(file, 'utf8'))));
  return lists.flat();
}

const allowed = (finding: Finding): boolean => ALLOWED[finding.rule].some((place) => finding.file === place || (place.endsWith('/') && finding.file.startsWith(place)));
const shown = (finding: Finding): string => `${finding.file}:${finding.line}: ${finding.rule}: ${finding.text}`;

describe('the composition root', () => {
  it('is the only place that reads the environment, opens a store or makes a transport', async () => {
    const outside = (await allFindings()).filter((finding) => !allowed(finding)).map(shown);
    expect(outside).toEqual([]);
  });

  it('is where each of those things is actually done (the scan sees them)', async () => {
    const inside = (await allFindings()).filter(allowed);
    const at = (rule: Rule) => inside.filter((finding) => finding.rule === rule).map((finding) => finding.file);
    expect(at('reads process.env')).toEqual(['src/app/environment.ts']);
    expect(at('opens a store')).toContain('src/app/open-app.ts');
    expect(at('makes a nodemailer transport')).toEqual(['src/mail/compose.ts']);
    expect(at('makes a relay kind')).toEqual(expect.arrayContaining(['src/app/transport.ts', 'src/mail/transport/preview-inbox.ts']));
    expect(at('reads a variable of an environment')).toEqual(expect.arrayContaining(['src/app/environment.ts', 'src/config/load.ts']));
  });

  it('would catch a command that reads the environment, opens a store or makes a transport itself', () => {
    const command = [
      "import nodemailer from 'nodemailer';",
      'export async function send(io: CliIO) {',
      '  // process.env.TIDINGS_SMTP_URL in a comment does not count',
      "  const url = io.env.TIDINGS_SMTP_URL ?? process.env['TIDINGS_SMTP_URL'];",
      "  const store = await openSqliteStore('x.db');",
      '  const relay = nodemailer.createTransport({ url });',
      '  const smtp = createSmtpTransport({ url, maxConnections: 1, rateLimit: 0 });',
      "  const password = env[config.passwordEnv];",
      '}',
    ].join('\n');
    expect(findings('src/cli/send.ts', command).map((f) => `${f.line}: ${f.rule}`)).toEqual([
      '4: reads a variable of an environment',
      '4: reads process.env',
      '5: opens a store',
      '6: makes a nodemailer transport',
      '7: makes a relay kind',
      '8: reads a variable of an environment',
    ]);
  });
});
