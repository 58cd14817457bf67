import { readFile } from 'node:fs/promises';
import { request } from 'node:http';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { haveCaddy, haveNginx, startCaddy, startNginx, type ReverseProxy } from '../helpers/reverse-proxy.js';
import { serve, stop, type ServeProcess } from '../helpers/serve.js';
import { makeSite, REPO, type Site } from '../helpers/site.js';

const SECRET = 'proxy-test-secret-0123456789-abcdefghij';

/**
 * A sign-up through the proxy from a client socket bound to `from` (Linux
 * answers on all of 127.0.0.0/8), so that the proxy sees two different
 * clients on one machine; the honeypot is filled, so a sign-up that passes
 * the limit is answered at once with nothing stored or sent.
 */
function signUp(proxy: ReverseProxy, from: string, headers: Record<string, string> = {}): Promise<number> {
  const body = 'email=reader%40example.org&website=bot';
  return new Promise((resolve, reject) => {
    const req = request(
      new URL('subscribe', proxy.url),
      { method: 'POST', localAddress: from, headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': String(body.length), ...headers } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function signUps(proxy: ReverseProxy, from: string, count: number, headers: Record<string, string> = {}): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < count; i++) statuses.push(await signUp(proxy, from, headers));
  return statuses;
}

const FIVE_THEN_429 = [200, 200, 200, 200, 200, 429];

async function siteWith(serverYaml: string): Promise<Site> {
  const demo = await readFile(path.join(REPO, 'tidings.config.yaml'), 'utf8');
  const site = await makeSite({ config: `${demo}\n${serverYaml}` });
  await site.write('out/index.html', '<!doctype html><title>home</title>');
  return site;
}

for (const [name, have, start] of [
  ['nginx', haveNginx, startNginx],
  ['Caddy', haveCaddy, startCaddy],
] as const) {
  // nginx is required (.ci/run installs nginx-light); Caddy is tested where it is installed, and always under CI (.ci/run installs it).
  describe.skipIf(name === 'Caddy' && !have() && process.env.CI !== 'true')(`tidings serve behind ${name} on loopback`, () => {
    let site: Site | undefined;
    let server: ServeProcess | undefined;
    let proxy: ReverseProxy | undefined;
    afterEach(async () => {
      await proxy?.close();
      if (server) expect(await stop(server.child)).toBe(0);
      await site?.cleanup();
    });

    async function behindProxy(serverYaml: string): Promise<ReverseProxy> {
      site = await siteWith(serverYaml);
      server = serve(site, { TIDINGS_SECRET: SECRET });
      const url = new URL(await server.ready);
      proxy = await start(Number(url.port));
      expect((await fetch(proxy.url)).status).toBe(200);
      return proxy;
    }

    it('limits sign-ups per client once the proxy is trusted, and a client cannot write its way out', async () => {
      const proxied = await behindProxy('server:\n  trustedProxies: [127.0.0.1]\n');
      expect(server?.output().out).toContain('sign-ups from 127.0.0.1 are counted by the client their Forwarded / X-Forwarded-For names');
      expect(await signUps(proxied, '127.0.0.2', 6)).toEqual(FIVE_THEN_429);
      // A second client has its own limit.
      expect(await signUps(proxied, '127.0.0.3', 1)).toEqual([200]);
      // The first one, claiming to be someone else, is still itself: the proxy adds the address it saw.
      expect(await signUps(proxied, '127.0.0.2', 1, { 'x-forwarded-for': '198.51.100.1', forwarded: 'for=198.51.100.2' })).toEqual([429]);
    });

    it('without trustedProxies, every sign-up is the proxy’s: one limit for all clients, as before', async () => {
      const proxied = await behindProxy('');
      expect(await signUps(proxied, '127.0.0.2', 3)).toEqual([200, 200, 200]);
      expect(await signUps(proxied, '127.0.0.3', 3)).toEqual([200, 200, 429]);
    });
  });
}
