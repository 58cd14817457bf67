import { InvalidArgumentError } from 'commander';

/** A --port value: a whole number from 0 (any free port) to 65535. Its own file, so that a command's --help loads no server. */
export function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new InvalidArgumentError('a port is a whole number from 0 to 65535');
  return port;
}
