/**
 * The one way text is shortened, by every transport and every layer (Discord bodies, console
 * output, checklist lines, autocomplete names, echoed questions).
 *
 * Lengths are UTF-16 code units (JavaScript `.length`). discord.js builders validate that way and
 * Discord counts code points, so a text within `max` units is within `max` for both. A cut never
 * leaves half of a surrogate pair — Discord cannot store a lone surrogate and answers 500 — and
 * never splits a grapheme cluster (an emoji with a skin tone, a ZWJ family, a flag, a letter with
 * its accents): the cut moves back to the last cluster boundary that fits.
 */

export const ELLIPSIS = '…';

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * Where the last grapheme cluster that fits in `max` units ends. Only the first `max + 2` units
 * are segmented: whether a cluster boundary falls at a position depends on the text before it and
 * the code point at it, so boundaries up to `max` are the same as in the whole text, and a
 * megabyte of input costs no more than its first `max` characters.
 */
const fittingEnd = (text: string, max: number): number => {
  let end = 0;
  for (const { index, segment } of graphemes.segment(text.slice(0, max + 2))) {
    if (index + segment.length > max) break;
    end = index + segment.length;
  }
  return end;
};

/** The longest prefix of whole grapheme clusters within `max` UTF-16 units (no ellipsis). */
export const sliceUnits = (text: string, max: number): string => {
  if (text.length <= max) return text;
  if (max <= 0) return '';
  return text.slice(0, fittingEnd(text, max));
};

/** Trailing separators a cut should not end on (the ellipsis stands in for them). */
const TRAILING = /[\s,;:.\-–—]+$/u;

/**
 * Shortens `text` to at most `max` UTF-16 units, ending with an ellipsis, cutting at a word
 * boundary. Only a single word longer than half the budget is cut inside, at a grapheme cluster
 * boundary. A text within `max` is returned unchanged.
 */
export const truncate = (text: string, max: number, ellipsis: string = ELLIPSIS): string => {
  if (text.length <= max) return text;
  if (max <= ellipsis.length) return sliceUnits(text, max);
  const room = max - ellipsis.length;
  const head = sliceUnits(text, room);
  // A whitespace right after the cut means the cut is already at a word end.
  const nextIsSpace = /\s/.test(text.charAt(head.length));
  let cut = head;
  if (!nextIsSpace) {
    // Cutting before a whitespace never splits a surrogate pair (whitespace is a single unit).
    const at = head.search(/\s\S*$/);
    if (at > room * 0.5) cut = head.slice(0, at);
  }
  cut = cut.replace(TRAILING, '');
  // Do not leave a dangling backslash (an escape without its character).
  cut = cut.replace(/\\+$/, (m) => (m.length % 2 === 1 ? m.slice(1) : m));
  return `${cut}${ellipsis}`;
};
