/**
 * The custom-id codec (src/discord/custom-id.ts): every id the bot issues decodes back to what
 * was encoded, from the component that carries it and from no other; every id fits Discord's 100
 * characters; and any text at all — forged, garbled, from the wrong component — decodes to a
 * valid id or a rejection, never an exception.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ACTION_SOURCES, type ActionSource } from '../../src/command.js';
import {
  decodeCustomId,
  encodeAction,
  encodeChoice,
  encodeState,
  type ButtonState,
} from '../../src/discord/custom-id.js';
import { LIMITS } from '../../src/discord/limits.js';

const source = fc.constantFrom(...ACTION_SOURCES);
const anyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 150 }),
  fc.string({ unit: 'grapheme', maxLength: 60 }),
  fc.string({ maxLength: 150 }),
);

const stateArg = fc.oneof(
  anyText,
  fc.integer(),
  fc.boolean(),
  fc.double({ noNaN: true, noDefaultInfinity: true }).filter((n) => !Object.is(n, -0)),
);
const buttonState: fc.Arbitrary<ButtonState> = fc.record({
  action: fc.constantFrom('pg', 'post', 'run'),
  page: fc.integer({ min: 0, max: 999 }),
  owner: fc.option(fc.stringMatching(/^[1-9]\d{0,19}$/), { nil: null }),
  command: fc.stringMatching(/^[\w-]{1,32}(?:\.[\w-]{1,32})?$/),
  args: fc.dictionary(fc.stringMatching(/^[\w@-]{1,12}$/), stateArg, { maxKeys: 6 }),
});
const actionName = fc.stringMatching(/^[\w-]{1,16}$/);

describe('custom ids', () => {
  it('state buttons round-trip, fit in 100 characters, and come only from buttons', () => {
    fc.assert(
      fc.property(buttonState, source, (s, other) => {
        const id = encodeState(s);
        expect(id.length).toBeLessThanOrEqual(LIMITS.customId);
        expect(decodeCustomId(id, 'button')).toEqual({ kind: 'state', ...s });
        if (other !== 'button')
          expect(decodeCustomId(id, other)).toEqual({ kind: 'rejected', reason: 'wrong-component' });
      }),
      { numRuns: 1000 },
    );
  });

  it('actions round-trip from the component that issues them, and only from it', () => {
    fc.assert(
      fc.property(source, actionName, fc.array(anyText, { maxLength: 5 }), source, (from, action, args, other) => {
        const id = encodeAction(from, action, args);
        expect(id.length).toBeLessThanOrEqual(LIMITS.customId);
        expect(decodeCustomId(id, from)).toEqual({ kind: 'action', from, action, args });
        if (other !== from) expect(decodeCustomId(id, other)).toEqual({ kind: 'rejected', reason: 'wrong-component' });
      }),
      { numRuns: 1000 },
    );
  });

  it('clarifying choices round-trip when they fit, and are left out when they do not', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[1-9]\d{16,19}$/), anyText, (owner, query) => {
        const id = encodeChoice(owner, query);
        if (id === null) {
          expect(query === '' || query.includes('\n') || `conv:${owner}:${query}`.length > LIMITS.customId).toBe(true);
          return;
        }
        expect(id.length).toBeLessThanOrEqual(LIMITS.customId);
        expect(decodeCustomId(id, 'button')).toEqual({ kind: 'choice', owner, query });
        expect(decodeCustomId(id, 'modal').kind).toBe('rejected');
      }),
      { numRuns: 1000 },
    );
  });

  it('any text decodes to a valid id or a rejection, never an exception', () => {
    const near = fc
      .tuple(
        fc.constantFrom(
          '',
          'a:',
          'a~',
          'b:',
          'b~',
          's:',
          'm:',
          'm~',
          'pg:',
          'post:1:0:',
          'run:0:0:ask:',
          'conv:',
          'conv:1:',
          'x:',
          'constructor:',
          '__proto__:',
        ),
        anyText,
      )
      .map(([p, s]) => p + s);
    fc.assert(
      fc.property(fc.oneof(anyText, near, fc.string({ maxLength: 400 })), source, (raw, from) => {
        const id = decodeCustomId(raw, from);
        expect(['state', 'action', 'choice', 'rejected']).toContain(id.kind);
        if (id.kind === 'action') expect(id.from === null || id.from === from).toBe(true);
        if (id.kind === 'state' || id.kind === 'choice') expect(from).toBe('button');
      }),
      { numRuns: 3000 },
    );
    for (const raw of [undefined, null, 42, {}, 'x'.repeat(101), `b:${'x'.repeat(200)}`])
      expect(decodeCustomId(raw, 'button')).toEqual({ kind: 'rejected', reason: 'garbled' });
  });

  it('refuses what the bot does not issue: unknown tags, bad names, broken escapes, forgotten arguments', () => {
    const cases: [string, ActionSource, string][] = [
      ['m:purge', 'select', 'wrong-component'],
      ['s:purge', 'modal', 'wrong-component'],
      ['b:purge', 'modal', 'wrong-component'],
      ['pg:0:0:ask:{}', 'select', 'wrong-component'],
      ['conv:1:hi', 'modal', 'wrong-component'],
      ['z:purge', 'button', 'garbled'],
      ['b:bad name', 'button', 'garbled'],
      ['b:x:%E0%A4%A', 'button', 'garbled'],
      ['b~nokey', 'button', 'expired'],
      ['pg:1:0:ask:~unknown', 'button', 'expired'],
      ['pg:1:0:ask:W10', 'button', 'garbled'],
    ];
    for (const [raw, from, reason] of cases)
      expect([raw, decodeCustomId(raw, from)]).toEqual([raw, { kind: 'rejected', reason }]);
    // A version 1 action id names no component: the action's own `from` decides (the router checks it).
    expect(decodeCustomId('a:purge', 'modal')).toEqual({ kind: 'action', from: null, action: 'purge', args: [] });
  });
});
