/** The machine a benchmark ran on, from os and process: one line for docs/benchmarks.md. */
import os from 'node:os';

export function machineLine(): string {
  const cpus = os.cpus();
  const model = cpus[0]?.model.trim() ?? 'unknown CPU';
  const gb = (os.totalmem() / 2 ** 30).toFixed(1);
  return `${cpus.length} cores (${model}), ${gb} GB memory, Node ${process.version}, ${os.type()} ${os.release()} ${os.arch()}`;
}

export function loadLine(): string {
  const [one, five, fifteen] = os.loadavg().map((x) => x.toFixed(1));
  return `load average ${one} / ${five} / ${fifteen} (1 / 5 / 15 min) on ${os.cpus().length} cores`;
}

/** A machine busier than its cores: other work competed with the bench. */
export function loaded(): boolean {
  return (os.loadavg()[0] ?? 0) > os.cpus().length;
}
