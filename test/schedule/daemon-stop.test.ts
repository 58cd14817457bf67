import { describe, expect, it } from 'vitest';
import { startDaemon } from '../../src/schedule/daemon.js';
import { memoryLog } from '../../src/schedule/log.js';
import type { Scheduler, TickReport } from '../../src/schedule/scheduler.js';

describe('stopping the daemon', () => {
  it('asks the run in progress to stop and waits for it to end before resolving', async () => {
    const calls: string[] = [];
    let finish!: () => void;
    const run = new Promise<TickReport>((resolve) => (finish = () => resolve({ action: 'ran' })));
    let busy = true;
    const scheduler: Scheduler = {
      start: () => run,
      tick: async () => ({ action: 'busy' }),
      busy: () => busy,
      idle: async () => {
        await run;
        calls.push('idle');
      },
      abort: (reason) => {
        calls.push(`abort: ${reason}`);
        // the send notices the abort and the run winds down
        setImmediate(() => {
          busy = false;
          finish();
        });
      },
    };
    const log = memoryLog(() => new Date('2025-10-20T07:00:00Z'));
    const daemon = startDaemon({ scheduler, expression: '0 8 * * 1', timeZone: 'Europe/London', log });
    await daemon.stop('stopped by SIGTERM');
    expect(calls).toEqual(['abort: stopped by SIGTERM', 'idle']);
    expect(log.entries.map((e) => e.event)).toEqual(['scheduler.waiting']);
    // stopping twice is the same stop
    await daemon.stop('again');
    expect(calls).toHaveLength(2);
  });
});
