import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CONFIG_CACHE, keptConfigs } from '../../src/app/config-cache.js';
import { loadConfig } from '../../src/config/load.js';
import { InputError } from '../../src/errors.js';
import { REPO } from '../helpers/site.js';

describe('the last config that validated, kept in .tidings/', () => {
  let dir: string;
  const kept = (): string => path.join(dir, '.tidings', CONFIG_CACHE);
  const load = () => loadConfig({ cwd: dir, env: {}, parsed: keptConfigs });
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'tidings-config-cache-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('gives the same config as validating the text, and follows every change to the text', async () => {
    await writeFile(path.join(dir, 'tidings.config.yaml'), await readFile(path.join(REPO, 'tidings.config.yaml'), 'utf8'));
    await mkdir(path.join(dir, '.tidings'));
    const validated = (await loadConfig({ cwd: dir, env: {} })).config;
    const first = await load();
    expect(existsSync(kept())).toBe(true);
    const again = await load();
    expect(again.config).toStrictEqual(validated);
    expect(first.config).toStrictEqual(validated);

    await writeFile(path.join(dir, 'tidings.config.yaml'), 'site:\n  title: Another title\n');
    expect((await load()).config.site.title).toBe('Another title');
    expect((await load()).config.site.title).toBe('Another title');

    // A config that fails is said as always (file and line), and the one kept is not used for it.
    await writeFile(path.join(dir, 'tidings.config.yaml'), 'site:\n  title: Fine\n  baseUrl: not a url\n');
    const error = await load().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).diagnostics[0]).toMatchObject({ line: 3 });
  });

  it('applies the environment on top of the kept config, as on top of a validated one', async () => {
    await mkdir(path.join(dir, '.tidings'));
    await writeFile(path.join(dir, 'tidings.config.yaml'), 'smtp:\n  url: smtp://a.example.org\n');
    await load();
    const withEnv = await loadConfig({ cwd: dir, env: { TIDINGS_SMTP_URL: 'smtp://b.example.org' }, parsed: keptConfigs });
    expect(withEnv.config.smtp.url).toBe('smtp://b.example.org');
    expect((await load()).config.smtp.url).toBe('smtp://a.example.org');
  });

  it('ignores a kept file that is malformed or from another text, and makes its folder only for a store in it', async () => {
    await writeFile(path.join(dir, 'tidings.config.yaml'), 'site:\n  title: Mine\nstore:\n  path: data/site.db\n');
    expect((await load()).config.site.title).toBe('Mine');
    expect(existsSync(path.join(dir, '.tidings'))).toBe(false);
    // The default store, .tidings/tidings.db: its folder is made at the first command anyway.
    await writeFile(path.join(dir, 'tidings.config.yaml'), 'site:\n  title: Mine\n');
    expect((await load()).config.site.title).toBe('Mine');
    expect(existsSync(kept())).toBe(true);

    for (const bad of ['{not json', 'null', '{"key":"0000","config":{"site":{"title":"Forged"}}}']) {
      await writeFile(kept(), bad);
      expect((await load()).config.site.title).toBe('Mine');
    }
    // Replaced by the config that validated.
    expect(JSON.parse(await readFile(kept(), 'utf8'))).toMatchObject({ config: { site: { title: 'Mine' } } });
  });
});
