import { connect } from 'node:net';

/**
 * Whether an SMTP server answers at host:port: connects and waits for its
 * 220 greeting, then says QUIT. false on refusal, another greeting or
 * silence for `timeoutMs`.
 */
export function smtpAnswers(host: string, port: number, timeoutMs = 1500): Promise<boolean> {
  return new Promise((resolve) => {
    let heard = '';
    let settled = false;
    const socket = connect({ host, port });
    const finish = (answer: boolean): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (answer) socket.end('QUIT\r\n');
      else socket.destroy();
      resolve(answer);
    };
    const timer = setTimeout(() => finish(false), timeoutMs);
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => {
      heard += chunk;
      if (heard.includes('\n')) finish(heard.startsWith('220'));
    });
    socket.on('error', () => finish(false));
    socket.on('close', () => finish(false));
  });
}
