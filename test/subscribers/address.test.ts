import { describe, expect, it } from 'vitest';
import { checkAddress, isMailableAddress } from '../../src/subscribers/address.js';
import { checkName, checkThemes, parseStatus, parseThemeList } from '../../src/subscribers/fields.js';

const email = (input: string) => {
  const result = checkAddress(input);
  return result.ok ? result.email : `error: ${result.problem}`;
};

describe('checkAddress', () => {
  it.each([
    ['Ann.Lee@Example.ORG', 'Ann.Lee@example.org'],
    ['  ann@example.org  ', 'ann@example.org'],
    ['"ann.lee"@example.org', 'ann.lee@example.org'],
    ["o'neil!#$%&*+/=?^_`{|}~-@example.org", "o'neil!#$%&*+/=?^_`{|}~-@example.org"],
    ['ann+roundup@mail.example.co.uk', 'ann+roundup@mail.example.co.uk'],
    ['ann@BÜCHER.example', 'ann@xn--bcher-kva.example'],
  ])('keeps %j as %j (domain lower-cased, local part as given)', (input, expected) => {
    expect(email(input)).toBe(expected);
  });

  it.each([
    ['ann@example.org\r\nBcc: x@example.net', /line break/],
    ['ann@example.org\nBcc: x@example.net', /line break/],
    ['ann@example.org\u0000', /control character/],
    ['ann@example.org\u2028', /line break/],
    ['', /no email address/],
    ['ann', /not an email address/],
    ['ann@localhost', /not an email address/],
    ['ann.@example.org', /not an email address/],
    ['ann@@example.org', /not an email address/],
    ['Ann <ann@example.org>', /more than an address/],
    ['ann(comment)@example.org', /more than an address/],
    ['ann@example.org, bob@example.org', /not an email address/],
    ['ann@[192.0.2.1]', /IP address/],
    ['ännä@example.org', /non-ASCII/],
    [`${'a'.repeat(65)}@example.org`, /too long/],
    ['"a b"@example.com', /with quotes before the @, such as "a b"@example.com, cannot be mailed/],
    ['"a\\"b"@example.com', /with quotes before the @/],
    ['"a@b"@example.com', /with quotes before the @/],
    ['ann@ex_ample.org', /not a domain name mail can be sent to/],
    ['ann@-example.org', /not a domain name mail can be sent to/],
    ['ann@example.123', /domain name/],
  ])('refuses %j', (input, problem) => {
    expect(email(input)).toMatch(problem);
  });

  it('says what to do about a refused address', () => {
    expect(checkAddress('Ann <ann@example.org>')).toEqual({
      ok: false,
      problem: '"Ann <ann@example.org>" is more than an address',
      hint: 'give the bare address, such as ann@example.org, and the name in its own field',
    });
  });
});

describe('isMailableAddress: what the mailer sends to (the sender asks it of stored addresses)', () => {
  it('takes every address checkAddress gives back, and nothing it refuses', () => {
    const inputs = ['Ann.Lee@Example.ORG', '"ann"@example.org', 'ann@BÜCHER.example', '"a b"@example.com', 'ann@ex_ample.org', 'ann..x@example.org', 'ann@localhost'];
    for (const input of inputs) {
      const check = checkAddress(input);
      if (check.ok) expect(isMailableAddress(check.email), input).toBe(true);
      else expect(isMailableAddress(input.trim()), input).toBe(false);
    }
  });

  it('refuses what an earlier version may have stored', () => {
    for (const stored of ['"a b"@example.com', '"ann lee"@example.org', 'ann@[192.0.2.1]', 'ännä@example.org', 'ann@example', `${'a'.repeat(65)}@example.org`]) {
      expect(isMailableAddress(stored), stored).toBe(false);
    }
  });
});

describe('subscriber fields', () => {
  it('keeps a name on one line and refuses line breaks in it', () => {
    expect(checkName('  Ann   Lee ')).toEqual({ ok: true, value: 'Ann Lee' });
    expect(checkName('Ann\nBcc: x@example.net')).toMatchObject({ ok: false, problem: expect.stringMatching(/line break/) });
    expect(checkName('x'.repeat(201))).toMatchObject({ ok: false, problem: 'the name is too long' });
  });

  it('reads theme lists separated by spaces or ";", each theme once', () => {
    expect(parseThemeList(' courts; adoption  courts ', ['adoption', 'courts'])).toEqual({ ok: true, value: ['courts', 'adoption'] });
    expect(parseThemeList('', ['adoption'])).toEqual({ ok: true, value: [] });
  });

  it('names the allowed themes when given an unknown one', () => {
    expect(checkThemes(['courts', 'cooking', 'gardening'], ['adoption', 'courts'])).toEqual({
      ok: false,
      problem: 'unknown themes "cooking", "gardening"',
      hint: 'allowed: adoption, courts',
    });
    expect(checkThemes(['x'], [])).toMatchObject({ hint: 'no themes are declared in the config: leave themes empty' });
  });

  it('reads a status in any case', () => {
    expect(parseStatus(' Active ')).toEqual({ ok: true, value: 'active' });
    expect(parseStatus('subscribed')).toEqual({
      ok: false,
      problem: 'unknown status "subscribed"',
      hint: 'allowed: pending, active, unsubscribed, bounced, complained',
    });
  });
});
