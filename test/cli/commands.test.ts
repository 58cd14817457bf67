import { afterEach, describe, expect, it } from 'vitest';
import { commandName } from '../../src/cli/main.js';
import { makeSite, type Site } from '../helpers/site.js';

const COMMANDS = ['init', 'new', 'import', 'posts', 'build', 'serve', 'subscribers', 'plan', 'send', 'worker', 'deliveries', 'schedule', 'start', 'status', 'stats', 'inbound', 'preview', 'migrate'];

describe('the command line loads only the command it runs', () => {
  let site: Site;
  afterEach(() => site?.cleanup());

  it('finds the command after global options and their values', () => {
    expect(commandName(['send', '--issue', '2019-W31'])).toBe('send');
    expect(commandName(['-c', 'send.yaml', 'status'])).toBe('status');
    expect(commandName(['--config', 'posts', 'import', 'content'])).toBe('import');
    expect(commandName(['--config=site.yaml', 'posts'])).toBe('posts');
    expect(commandName(['--', 'build'])).toBe('build');
    expect(commandName(['--help'])).toBeUndefined();
    expect(commandName([])).toBeUndefined();
  });

  it('lists every command in the help, in order', async () => {
    site = await makeSite();
    const r = await site.run('--help');
    expect(r.code).toBe(0);
    const listed = [...r.out.matchAll(/^ {2}(\w+)\b/gm)].map((m) => m[1]).filter((name) => name !== 'help');
    expect(listed).toEqual(COMMANDS);
  });

  it('still suggests the right command for a typo (all commands are known then)', async () => {
    site = await makeSite();
    const r = await site.run('statuss');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/unknown command 'statuss'[\s\S]*Did you mean status\?/);
  });

  it('runs the command that follows -c FILE', async () => {
    site = await makeSite();
    const r = await site.run('-c', 'tidings.config.yaml', 'posts', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual([]);
  });
});
