import { describe, expect, it } from 'vitest';
import type { Citation } from '../../src/answers/answer.js';
import type { Reply } from '../../src/reply.js';
import { LIMITS, embedLength, embedProblems, sliceUnits, truncate } from '../../src/discord/limits.js';
import { decodeState, encodeState, renderItemText, renderReply, safeText, sourceLine } from '../../src/discord/render.js';

const cite = (n: number, url: string | null = 'https://www.onetonline.org/link/summary/33-3051.04'): Citation => ({
  n, sourceId: `s${n}`, title: `Doc [${n}]`, section: 'Tasks', publisher: 'USDOL/ETA', url, licence: 'CC BY 4.0',
});

describe('limits', () => {
  it('truncate never cuts mid-word and counts UTF-16 units', () => {
    const t = truncate('alpha beta gamma delta', 14);
    expect(t).toBe('alpha beta…');
    expect(t.length).toBeLessThanOrEqual(14);
    const emoji = '😀'.repeat(10); // 20 UTF-16 units
    const e = truncate(emoji, 7);
    expect(e.length).toBeLessThanOrEqual(7);
    expect(e).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
    expect(sliceUnits('a😀', 2)).toBe('a');
    expect(truncate('short', 10)).toBe('short');
  });
});

describe('render', () => {
  it('numbers items, bolds marks, escapes markdown and defuses mentions', () => {
    expect(renderItemText({ text: 'pay is *high* @everyone', marks: [[0, 3]] })).toBe('**pay** is \\*high\\* @\u200beveryone');
    expect(safeText('<@123> @here')).not.toMatch(/<@1|@here/);
    expect(sourceLine(cite(2))).toBe('[2] [Doc \\[2\\] — Tasks](https://www.onetonline.org/link/summary/33-3051.04)');
    expect(sourceLine(cite(3, null))).toBe('[3] Doc \\[3\\] — Tasks');
  });

  it('an answer: description with [n], Sources field, attribution footer, no mentions', () => {
    const reply: Reply = { outcome: 'answered', title: 'Q', items: [{ text: 'Officers inspect cargo.', cite: 1, marks: [[9, 16]] }], citations: [cite(1)], attribution: 'O*NET by USDOL/ETA, CC BY 4.0' };
    const out = renderReply(reply, { command: 'ask', args: { question: 'q' }, userId: '1' });
    expect(out.embeds[0]?.description).toBe('Officers **inspect** cargo. [1]');
    expect(out.embeds[0]?.fields?.[0]?.name).toBe('Sources');
    expect(out.embeds[0]?.footer?.text).toBe('O*NET by USDOL/ETA, CC BY 4.0');
    expect(out.allowedMentions).toEqual({ parse: [] });
    expect(out.components).toEqual([]);
    expect(out.ephemeral).toBe(false);
  });

  it('pages long answers within every limit; buttons carry the state in ≤ 100 chars', () => {
    const items = Array.from({ length: 40 }, (_, i) => ({ text: `${'word '.repeat(200)}${i}`, cite: 1 }));
    const reply: Reply = { outcome: 'answered', title: 'T'.repeat(400), items, citations: [cite(1)], attribution: 'A'.repeat(3000), private: true };
    const first = renderReply(reply, { command: 'ask', args: { question: 'x'.repeat(300) }, userId: '123456789012345678' });
    expect(first.pages).toBeGreaterThan(3);
    expect(first.ephemeral).toBe(true);
    for (let p = 0; p < first.pages; p++) {
      const out = renderReply(reply, { command: 'ask', args: { question: 'x'.repeat(300) }, userId: '123456789012345678', page: p });
      const e = out.embeds[0]!;
      expect(embedProblems(e as never)).toEqual([]);
      expect(embedLength(e as never)).toBeLessThanOrEqual(LIMITS.embedTotal);
      const buttons = out.components.flatMap((r) => (r as { components: { custom_id: string; label: string }[] }).components);
      expect(buttons.map((b) => b.label)).toEqual(['◀ Previous', 'Next ▶', 'Post to channel']);
      expect(new Set(buttons.map((b) => b.custom_id)).size).toBe(3);
      for (const b of buttons) {
        expect(b.custom_id.length).toBeLessThanOrEqual(LIMITS.customId);
        expect(decodeState(b.custom_id)?.owner).toBe('123456789012345678');
      }
    }
  });

  it('a declined reply is a short embed with suggestions', () => {
    const out = renderReply({ outcome: 'declined', title: 'No', items: [], citations: [], suggestions: ['Pay', 'Training'] });
    expect(out.embeds[0]?.description).toMatch(/I can help with:\n• Pay\n• Training/);
  });
});

describe('button state', () => {
  it('round-trips inline and rejects garbage', () => {
    const id = encodeState({ action: 'pg', page: 2, owner: null, command: 'ask', args: { question: 'pay?', private: true } });
    expect(id.length).toBeLessThanOrEqual(100);
    expect(decodeState(id)).toEqual({ action: 'pg', page: 2, owner: null, command: 'ask', args: { question: 'pay?', private: true } });
    for (const bad of ['', 'pg', 'pg:1:0:ask:!!!', 'zz:1:0:ask:e30', 'pg:1:0:ask:W10', 'pg:1:0:ask:~unknown']) expect(decodeState(bad)).toBeNull();
  });
  it('long arguments fall back to an in-memory key', () => {
    const args = { question: 'é'.repeat(500) };
    const id = encodeState({ action: 'post', page: 0, owner: '123456789012345678', command: 'ask', args });
    expect(id.length).toBeLessThanOrEqual(100);
    expect(id).toMatch(/:~/);
    expect(decodeState(id)?.args).toEqual(args);
  });
});
