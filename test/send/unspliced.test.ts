import { describe, expect, it } from 'vitest';
import { messageMaker } from '../../src/send/messages.js';
import { templatesFor } from '../digest/helpers.js';
import { fixtureIssue, SECRET, sendConfig } from './helpers.js';

/** A message composed whole instead of spliced is slow: the operator hears of it, once per send. */
describe('messageMaker: a fallback from splicing to composing whole', () => {
  it('warns once per send, naming the recipient, the variant and why, however many messages fall back', async () => {
    const config = sendConfig();
    const warnings: string[] = [];
    const maker = messageMaker({ issue: fixtureIssue(config), config, templates: await templatesFor(config), secret: SECRET, now: new Date('2024-06-03T09:00:00Z'), warn: (w) => warnings.push(w) });
    const reader = (id: number, email: string) => ({ id, email, name: `Reader ${id}`, themes: [] });
    await maker.forSubscriber(reader(1, 'ann@example.org'));
    expect(warnings).toEqual([]);
    const zoe = await maker.forSubscriber(reader(2, 'zoë@example.org'));
    await maker.forSubscriber(reader(3, 'jürgen@example.org'));
    expect(zoe?.raw.toString('utf8')).toContain('zoë@example.org');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/the message for zoë@example\.org \(every theme\) is composed whole, not spliced: an address beyond ASCII.*slow.*not warned about again/);
  });
});
