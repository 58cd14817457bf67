import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { freePort } from './free-port.js';
import os from 'node:os';
import path from 'node:path';

/**
 * Real reverse proxies for tests, each started as the current user with
 * its config, pid, logs and temporary files in a temporary folder, on a
 * free loopback port, proxying to a server on another one: Debian's nginx
 * (nginx-light) and Caddy. As root (a container), nginx's workers run as
 * nobody, as helpers/dovecot.ts does for Dovecot. The site blocks are the
 * ones docs/operations.md shows ("Behind a reverse proxy"), with the ports
 * filled in.
 */
export const NGINX = '/usr/sbin/nginx';
export const CADDY = '/usr/bin/caddy';

export interface ReverseProxy {
  /** http://127.0.0.1:PORT/ */
  url: string;
  port: number;
  close(): Promise<void>;
}

/** The nginx server block of docs/operations.md, for a proxy on `port` in front of tidings on `upstream`. */
export function nginxSite(port: number, upstream: number): string {
  return `server {
    listen 127.0.0.1:${port};
    location / {
        proxy_pass http://127.0.0.1:${upstream};
        proxy_set_header Host $host;
        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        proxy_set_header X-Forwarded-Proto $scheme;
        proxy_set_header Forwarded "";
    }
}`;
}

/** The Caddyfile site of docs/operations.md, for a proxy on `port` in front of tidings on `upstream`. */
export function caddySite(port: number, upstream: number): string {
  return `http://127.0.0.1:${port} {
    bind 127.0.0.1
    reverse_proxy 127.0.0.1:${upstream} {
        header_up -Forwarded
    }
}`;
}

export async function startNginx(upstream: number): Promise<ReverseProxy> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tidings-nginx-'));
  const root = process.getuid?.() === 0;
  // The workers (nobody, as root) write their temporary files in here.
  if (root) await chmod(dir, 0o755);
  const port = await freePort();
  const log = path.join(dir, 'error.log');
  const conf = path.join(dir, 'nginx.conf');
  await writeFile(
    conf,
    `daemon off;
${root ? `user nobody ${await groupName(65534)};` : ''}
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${log} info;
events { worker_connections 64; }
http {
    access_log ${dir}/access.log;
    client_body_temp_path ${dir}/client_body;
    proxy_temp_path ${dir}/proxy;
    fastcgi_temp_path ${dir}/fastcgi;
    uwsgi_temp_path ${dir}/uwsgi;
    scgi_temp_path ${dir}/scgi;
${nginxSite(port, upstream)}
}
`,
  );
  const child = spawn(NGINX, ['-p', dir, '-c', conf, '-e', log], { stdio: 'ignore' });
  return started('nginx', child, port, dir, log);
}

export async function startCaddy(upstream: number): Promise<ReverseProxy> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tidings-caddy-'));
  const port = await freePort();
  const log = path.join(dir, 'caddy.log');
  const conf = path.join(dir, 'Caddyfile');
  await writeFile(
    conf,
    `{
    admin off
    auto_https off
    storage file_system ${dir}/data
    log {
        output file ${log}
    }
}

${caddySite(port, upstream)}
`,
  );
  const env = { PATH: process.env.PATH, HOME: dir, XDG_DATA_HOME: path.join(dir, 'data'), XDG_CONFIG_HOME: path.join(dir, 'config') };
  const child = spawn(CADDY, ['run', '--config', conf, '--adapter', 'caddyfile'], { stdio: 'ignore', env, cwd: dir });
  return started('caddy', child, port, dir, log);
}

export const haveNginx = (): boolean => existsSync(NGINX);
export const haveCaddy = (): boolean => existsSync(CADDY);

async function started(name: string, child: ChildProcess, port: number, dir: string, log: string): Promise<ReverseProxy> {
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    await waitForPort(name, port, child, log);
  } catch (error) {
    child.kill('SIGKILL');
    await exited;
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    url: `http://127.0.0.1:${port}/`,
    port,
    async close() {
      // nginx: SIGQUIT is its graceful stop; Caddy stops on SIGTERM too.
      if (child.exitCode === null) child.kill(name === 'nginx' ? 'SIGQUIT' : 'SIGTERM');
      await exited;
      await rm(dir, { recursive: true, force: true });
    },
  };
}


async function waitForPort(name: string, port: number, child: ChildProcess, log: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${name} exited (${child.exitCode}): ${await readFile(log, 'utf8').catch(() => '')}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`${name} did not listen on port ${port}: ${await readFile(log, 'utf8').catch(() => '')}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The name of a group id, from /etc/group (nginx's `user` takes names). */
async function groupName(gid: number): Promise<string> {
  const groups = await readFile('/etc/group', 'utf8').catch(() => '');
  const name = groups.split('\n').find((entry) => entry.split(':')[2] === String(gid))?.split(':')[0];
  if (name === undefined || name === '') throw new Error(`no group with id ${gid} in /etc/group: nginx needs its name`);
  return name;
}
