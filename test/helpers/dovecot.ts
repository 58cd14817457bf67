import { spawn, type ChildProcess } from 'node:child_process';
import { chmod, chown, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { freePort } from './free-port.js';
import os from 'node:os';
import path from 'node:path';

/**
 * A real IMAP server for tests: Debian's Dovecot (dovecot-imapd), started
 * as the current user with a config in a temporary folder (Maildir, a
 * passwd-file user, no TLS, 127.0.0.1 on a free port) and stopped by
 * close(). As root (a container), its login and mail processes run as
 * `nobody`, since Dovecot refuses to run those as root.
 */
export const DOVECOT = '/usr/sbin/dovecot';

export interface Dovecot {
  host: string;
  port: number;
  user: string;
  password: string;
  close(): Promise<void>;
}


async function waitForPort(port: number, child: ChildProcess, log: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`dovecot exited (${child.exitCode}): ${await readFile(log, 'utf8').catch(() => '')}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('data', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`dovecot did not answer on port ${port}: ${await readFile(log, 'utf8').catch(() => '')}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The name of a group id, from /etc/group (Dovecot's settings take names). */
async function groupName(gid: number): Promise<string> {
  const groups = await readFile('/etc/group', 'utf8').catch(() => '');
  const line = groups.split('\n').find((entry) => entry.split(':')[2] === String(gid));
  const name = line?.split(':')[0];
  if (name === undefined || name === '') throw new Error(`no group with id ${gid} in /etc/group: Dovecot needs its name`);
  return name;
}

export async function startDovecot(): Promise<Dovecot> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tidings-dovecot-'));
  const root = process.getuid?.() === 0;
  const me = os.userInfo();
  const uid = root ? 65534 : me.uid;
  const gid = root ? 65534 : me.gid;
  const processUser = root ? 'nobody' : me.username;
  const processGroup = await groupName(gid);
  const mail = path.join(dir, 'mail');
  await mkdir(mail);
  await mkdir(path.join(dir, 'run'));
  if (root) {
    // The mail processes run as nobody: they must get through the temporary folder to the mail.
    await chmod(dir, 0o755);
    await chown(mail, uid, gid);
  }
  const user = 'bounces';
  const password = 'imap-test-password';
  const port = await freePort();
  await writeFile(path.join(dir, 'users'), `${user}:{PLAIN}${password}:${uid}:${gid}::${mail}/${user}\n`);
  const log = path.join(dir, 'dovecot.log');
  const conf = path.join(dir, 'dovecot.conf');
  await writeFile(
    conf,
    `protocols = imap
listen = 127.0.0.1
base_dir = ${dir}/run
state_dir = ${dir}/run/state
instance_name = tidings-test-${port}
default_internal_user = ${processUser}
default_login_user = ${processUser}
default_internal_group = ${processGroup}
first_valid_uid = 1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:${mail}/%u
log_path = ${log}
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${dir}/users
}
userdb {
  driver = passwd-file
  args = username_format=%u ${dir}/users
}
service imap-login {
  chroot =
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
service anvil {
  chroot =
}
service stats {
  unix_listener stats-writer {
    mode = 0666
  }
}
`,
  );
  const child = spawn(DOVECOT, ['-F', '-c', conf], { stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    await waitForPort(port, child, log);
  } catch (error) {
    child.kill('SIGKILL');
    await exited;
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    host: '127.0.0.1',
    port,
    user,
    password,
    async close() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
      await rm(dir, { recursive: true, force: true });
    },
  };
}
