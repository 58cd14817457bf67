import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/**
 * Which of these processes has a TCP connection from local port `port`
 * (Linux: /proc/net/tcp gives the socket's inode, /proc/PID/fd the
 * process holding it). For a test that must stop the very client a server
 * is talking to. Undefined when none does.
 */
export function socketOwner(port: number, pids: readonly number[]): number | undefined {
  const inodes = new Set<string>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = '';
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      const local = fields[1];
      if (local !== undefined && Number.parseInt(local.split(':')[1] ?? '', 16) === port && fields[9] !== undefined) inodes.add(fields[9]);
    }
  }
  for (const pid of pids) {
    let fds: string[] = [];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
        if (m?.[1] !== undefined && inodes.has(m[1])) return pid;
      } catch {
        // The fd closed meanwhile.
      }
    }
  }
  return undefined;
}
