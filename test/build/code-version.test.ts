import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { codeFingerprint } from '../../src/build/code-version.js';

// The code's version decides whether a build renders every output again: a change to what runs must move it, and nothing else should.
describe('codeFingerprint', () => {
  let pkg: string;
  let code: string;
  beforeEach(() => {
    pkg = mkdtempSync(path.join(tmpdir(), 'tidings-code-'));
    code = path.join(pkg, 'dist');
    mkdirSync(path.join(code, 'build'), { recursive: true });
    mkdirSync(path.join(pkg, 'node_modules'));
    writeFileSync(path.join(pkg, 'package.json'), '{"name":"tidings"}');
    writeFileSync(path.join(pkg, 'node_modules', '.package-lock.json'), '{}');
    writeFileSync(path.join(code, 'app.js'), 'export {};\n');
    writeFileSync(path.join(code, 'app.js.map'), '{}');
    writeFileSync(path.join(code, 'build', 'site.js'), 'export const a = 1;\n');
    writeFileSync(path.join(code, 'build', 'site.d.ts'), 'export declare const a: number;\n');
  });
  afterEach(() => rmSync(pkg, { recursive: true, force: true }));
  const version = (): string => codeFingerprint(code, pkg);

  it('is the same for the same code', () => {
    expect(version()).toBe(version());
  });

  it('moves when a module changes, is added or goes', () => {
    const before = version();
    writeFileSync(path.join(code, 'build', 'site.js'), 'export const a = 2000;\n');
    const edited = version();
    expect(edited).not.toBe(before);
    writeFileSync(path.join(code, 'build', 'more.js'), 'export {};\n');
    const added = version();
    expect(added).not.toBe(edited);
    rmSync(path.join(code, 'build', 'more.js'));
    expect(version()).toBe(edited);
  });

  it('moves when the dependencies are installed again', () => {
    const before = version();
    writeFileSync(path.join(pkg, 'node_modules', '.package-lock.json'), '{"lockfileVersion":3}');
    expect(version()).not.toBe(before);
  });

  it('stays when only a source map or a declaration changes: they run nothing', () => {
    const before = version();
    writeFileSync(path.join(code, 'app.js.map'), '{"version":3,"sources":[]}');
    writeFileSync(path.join(code, 'build', 'site.d.ts'), 'export declare const a: 1;\n');
    expect(version()).toBe(before);
  });

  it('counts TypeScript sources when run from src/', () => {
    const before = version();
    writeFileSync(path.join(code, 'build', 'plan.ts'), 'export const b = 2;\n');
    expect(version()).not.toBe(before);
  });
});
