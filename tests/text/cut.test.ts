/**
 * The one cutting helper (src/text/cut.ts), for any string and any limit: never over the limit in
 * UTF-16 units (what discord.js validates; Discord's code-point count is never larger), never a
 * lone surrogate (Discord answers 500), never a split grapheme cluster, and a text within the
 * limit comes back unchanged.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ELLIPSIS, sliceUnits, truncate } from '../../src/text/cut.js';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Strings of every kind: whole graphemes (emoji sequences), any code point, any UTF-16 code unit (lone surrogates too). */
const anyText = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 120 }),
  fc.string({ unit: 'grapheme-composite', maxLength: 60 }),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength: 200 }),
  fc
    .array(fc.constantFrom('😀', '🛂', '👍🏽', '👨‍👩‍👧', '🇺🇸', 'é', 'e\u0301', ' ', 'a', '\\', '.', '—'), { maxLength: 120 })
    .map((a) => a.join('')),
);
const limit = fc.integer({ min: 1, max: 300 });
/** Well-formed text: what members type (a lone surrogate cannot come from Discord). */
const wellFormed = anyText.filter((s) => !LONE_SURROGATE.test(s));

const graphemesOf = (s: string) =>
  [...new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(s)].map((g) => g.segment);

describe('truncate', () => {
  it('is never over the limit, and a text within it is returned unchanged', () => {
    fc.assert(
      fc.property(anyText, limit, (s, max) => {
        const out = truncate(s, max);
        expect(out.length).toBeLessThanOrEqual(max);
        expect([...out].length).toBeLessThanOrEqual(max);
        if (s.length <= max) expect(out).toBe(s);
        else if (max > ELLIPSIS.length) expect(out.endsWith(ELLIPSIS)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('never leaves a lone surrogate in well-formed text, nor splits a grapheme cluster', () => {
    fc.assert(
      fc.property(wellFormed, limit, (s, max) => {
        const out = truncate(s, max);
        expect(out).not.toMatch(LONE_SURROGATE);
        const kept = out.endsWith(ELLIPSIS) && s.length > max ? out.slice(0, -ELLIPSIS.length) : out;
        // What is kept is whole clusters of the original, in order.
        const whole = graphemesOf(s);
        const mine = graphemesOf(kept);
        expect(whole.slice(0, mine.length).join('')).toBe(kept);
      }),
      { numRuns: 2000 },
    );
  });

  it('cuts at a word end and keeps emoji sequences whole', () => {
    expect(truncate('alpha beta gamma delta', 14)).toBe('alpha beta…');
    expect(truncate('😀'.repeat(60), 7)).toBe('😀😀😀…');
    expect(truncate('👍🏽👍🏽👍🏽', 7)).toBe('👍🏽…');
    expect(truncate('👨‍👩‍👧👨‍👩‍👧', 12)).toBe('👨‍👩‍👧…');
    expect(truncate('👨‍👩‍👧👨‍👩‍👧', 8)).toBe('…');
    expect(truncate('🇺🇸🇺🇸🇺🇸', 6)).toBe('🇺🇸…');
    expect(truncate('😀🛂'.repeat(75), 150)).toBe('😀🛂'.repeat(37) + '…');
  });
});

describe('sliceUnits', () => {
  it('is a prefix of whole clusters within the limit, without ellipsis', () => {
    fc.assert(
      fc.property(wellFormed, fc.integer({ min: 0, max: 300 }), (s, max) => {
        const out = sliceUnits(s, max);
        expect(out.length).toBeLessThanOrEqual(max);
        expect(s.startsWith(out)).toBe(true);
        expect(out).not.toMatch(LONE_SURROGATE);
        if (s.length <= max) expect(out).toBe(s);
      }),
      { numRuns: 2000 },
    );
    expect(sliceUnits('a😀', 2)).toBe('a');
    expect(sliceUnits('ae\u0301', 2)).toBe('a');
  });

  it('costs what the limit costs, not what the input costs', () => {
    const huge = 'x'.repeat(5_000_000);
    const started = performance.now();
    for (let i = 0; i < 100; i++) sliceUnits(huge, 100);
    expect(performance.now() - started).toBeLessThan(500);
  });
});
