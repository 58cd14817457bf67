import { describe, expect, it } from 'vitest';
import { inDoubtAdvice, resumeAdvice } from '../../src/send/report.js';

describe('what an unfinished issue asks of the operator', () => {
  it('names the commands that list and settle deliveries in doubt, and the all-at-once way', () => {
    expect(inDoubtAdvice('2019-W31', 3)).toBe(
      '3 deliveries are in doubt: list them with `tidings deliveries --issue 2019-W31`, then settle them with `tidings deliveries settle EMAIL... --issue 2019-W31 --sent|--resend` (or send them all again, a recipient may get a second copy: `tidings send --issue 2019-W31 --resend-unknown`)',
    );
    expect(inDoubtAdvice('w1', 1)).toMatch(/^1 delivery is in doubt: /);
  });

  it('advises a plain send only for what a plain send does: the pending ones', () => {
    expect(resumeAdvice('w1', { pending: 4, 'in-flight': 0, unknown: 0 })).toBe('`tidings send --issue w1` carries on');
    expect(resumeAdvice('w1', { pending: 0, 'in-flight': 0, unknown: 2 })).toBe(inDoubtAdvice('w1', 2));
    expect(resumeAdvice('w1', { pending: 1, 'in-flight': 0, unknown: 2 })).toBe(`\`tidings send --issue w1\` carries on; ${inDoubtAdvice('w1', 2)}`);
  });
});
