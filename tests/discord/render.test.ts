import { describe, expect, it } from 'vitest';
import type { Citation } from '../../src/answers/answer.js';
import type { Reply } from '../../src/answers/reply.js';
import { LIMITS, embedLength, embedProblems, sliceUnits, truncate } from '../../src/discord/limits.js';
import { escapeMarkdown } from 'discord.js';
import { escapeMarkdownText } from '../../src/discord/markdown.js';
import {
  decodeState,
  encodeState,
  MORE_KEY,
  renderItemText,
  renderReply,
  safeText,
  sourceLine,
} from '../../src/discord/render.js';

const cite = (n: number, url: string | null = 'https://www.onetonline.org/link/summary/33-3051.04'): Citation => ({
  n,
  sourceId: `s${n}`,
  title: `Doc [${n}]`,
  section: 'Tasks',
  publisher: 'USDOL/ETA',
  url,
  licence: 'CC BY 4.0',
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
    expect(renderItemText({ text: 'pay is *high* @everyone', marks: [[0, 3]] })).toBe(
      '**pay** is \\*high\\* @\u200beveryone',
    );
    expect(safeText('<@123> @here')).not.toMatch(/<@1|@here/);
    expect(sourceLine(cite(2))).toBe('[2] [Doc \\[2\\] — Tasks](https://www.onetonline.org/link/summary/33-3051.04)');
    expect(sourceLine(cite(3, null))).toBe('[3] Doc \\[3\\] — Tasks');
  });

  it('an answer: description with [n], Sources field, attribution footer, no mentions', () => {
    const reply: Reply = {
      outcome: 'answered',
      title: 'Q',
      items: [{ text: 'Officers inspect cargo.', cite: 1, marks: [[9, 16]] }],
      citations: [cite(1)],
      attribution: 'O*NET by USDOL/ETA, CC BY 4.0',
    };
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
    const reply: Reply = {
      outcome: 'answered',
      title: 'T'.repeat(400),
      items,
      citations: [cite(1)],
      attribution: 'A'.repeat(3000),
      private: true,
    };
    const first = renderReply(reply, {
      command: 'ask',
      args: { question: 'x'.repeat(300) },
      userId: '123456789012345678',
    });
    expect(first.pages).toBeGreaterThan(3);
    expect(first.ephemeral).toBe(true);
    for (let p = 0; p < first.pages; p++) {
      const out = renderReply(reply, {
        command: 'ask',
        args: { question: 'x'.repeat(300) },
        userId: '123456789012345678',
        page: p,
      });
      const e = out.embeds[0]!;
      expect(embedProblems(e as never)).toEqual([]);
      expect(embedLength(e as never)).toBeLessThanOrEqual(LIMITS.embedTotal);
      const buttons = out.components.flatMap(
        (r) => (r as { components: { custom_id: string; label: string }[] }).components,
      );
      expect(buttons.map((b) => b.label)).toEqual(['◀ Previous', 'Next ▶', 'Post to channel']);
      expect(new Set(buttons.map((b) => b.custom_id)).size).toBe(3);
      for (const b of buttons) {
        expect(b.custom_id.length).toBeLessThanOrEqual(LIMITS.customId);
        expect(decodeState(b.custom_id)?.owner).toBe('123456789012345678');
      }
    }
  });

  it('a declined reply is a short embed: at most five suggestions, the rest counted', () => {
    const out = renderReply({
      outcome: 'declined',
      title: 'No',
      intro: "My sources don't cover that. They do cover:",
      items: [],
      citations: [],
      suggestions: ['Pay', 'Training'],
    });
    expect(out.embeds[0]?.description).toBe("My sources don't cover that. They do cover:\n• Pay\n• Training");
    const many = Array.from({ length: 24 }, (_, i) => `Topic ${i + 1}`);
    const long = renderReply({
      outcome: 'declined',
      title: 'No',
      intro: 'They do cover:',
      items: [],
      citations: [],
      suggestions: many,
    });
    const lines = long.embeds[0]!.description!.split('\n');
    expect(lines).toEqual([
      'They do cover:',
      '• Topic 1',
      '• Topic 2',
      '• Topic 3',
      '• Topic 4',
      '• Topic 5',
      '…and 19 more.',
    ]);
  });

  it('a declined reply does not list suggestions that are already buttons', () => {
    const reply: Reply = {
      outcome: 'declined',
      title: 'Duties',
      intro: 'Roles I know:',
      items: [],
      citations: [],
      suggestions: ['CBP Officer', 'Border Patrol Agent'],
      buttons: [
        { kind: 'choice', label: 'CBP Officer', command: 'duties', args: { role: 'CBP Officer' } },
        { kind: 'choice', label: 'Border Patrol Agent', command: 'duties', args: { role: 'Border Patrol Agent' } },
      ],
    };
    const out = renderReply(reply, { command: 'duties', args: { role: 'x' } });
    expect(out.embeds[0]?.description).toBe('Roles I know:');
    const labels = out.components.flatMap((r) =>
      (r as { components: { label: string }[] }).components.map((b) => b.label),
    );
    expect(labels).toEqual(['CBP Officer', 'Border Patrol Agent']);
  });

  it('escapes what a member typed in interface text, keeping our `code` spans', () => {
    const reply: Reply = {
      outcome: 'declined',
      title: 'x',
      intro: "I don't know the role “**x** __y__ [l](https://e.com) @everyone”. Try `/roles`.",
      items: [],
      citations: [],
    };
    const d = renderReply(reply).embeds[0]!.description!;
    expect(d).toBe(
      "I don't know the role “\\*\\*x\\*\\* \\_\\_y\\_\\_ \\[l\\](https://e.com) @\u200beveryone”. Try `/roles`.",
    );
  });

  it('an answer with more behind it has a More results button asking for them; paging keeps it', () => {
    const reply: Reply = {
      outcome: 'answered',
      title: 'Q',
      items: [{ text: 'Officers inspect cargo.', cite: 1 }],
      citations: [cite(1)],
      more: true,
    };
    const out = renderReply(reply, { command: 'ask', args: { '@a': 'abcdefgh' } });
    const [more] = out.components.flatMap(
      (r) => (r as { components: { custom_id: string; label: string }[] }).components,
    );
    expect(more?.label).toBe('More results');
    expect(decodeState(more!.custom_id)).toEqual({
      action: 'pg',
      page: 0,
      owner: null,
      command: 'ask',
      args: { '@a': 'abcdefgh', [MORE_KEY]: true },
    });
  });
});

describe('markdown escaping', () => {
  /** What Discord shows: a backslash before punctuation is hidden. */
  const shown = (s: string) => s.replace(/\\([^a-zA-Z0-9\s])/g, '$1');
  const samples = [
    '**bold** *it* _it_ __under__ ~~strike~~ ||spoiler|| `code` ```block```',
    '# heading\n## h2\n-# subtext\n> quote\n>>> quote all\n- item\n+ item\n* item\n1. first\n  2. second',
    '[masked](https://evil.example) \\ back\\slash',
    'see https://www.onetonline.org/link/summary/33-3051.04?a_b=c*d and http://x.y/_z_',
    '😀👩‍👩‍👧 漢字 Ünïcödé — no markdown at all',
  ];
  it('shows the text exactly as written, with no markdown left active', () => {
    for (const s of samples) {
      const e = escapeMarkdownText(s);
      expect(shown(e)).toBe(s);
      // Outside URLs, every markdown character is escaped.
      const outside = e.replace(/https?:\/\/\S+/g, '');
      expect(outside).not.toMatch(/(^|[^\\])[*_~`|[\]]/);
      expect(outside).not.toMatch(/^[ \t]*[#>+-]/m);
      expect(outside).not.toMatch(/^[ \t]*\d+\.\s/m);
    }
  });
  it('leaves URLs intact so links still work', () => {
    expect(escapeMarkdownText('at https://x.y/a_b_c now_')).toBe('at https://x.y/a_b_c now\\_');
  });
  it('agrees with discord.js on what it escapes for inline markdown', () => {
    for (const s of ['**a** _b_ ~~c~~ ||d|| `e`', 'snake_case_name and 2*3*4'])
      expect(shown(escapeMarkdownText(s))).toBe(shown(escapeMarkdown(s)));
  });
});

describe('button state', () => {
  it('round-trips inline and rejects garbage', () => {
    const id = encodeState({
      action: 'pg',
      page: 2,
      owner: null,
      command: 'ask',
      args: { question: 'pay?', private: true },
    });
    expect(id.length).toBeLessThanOrEqual(100);
    expect(decodeState(id)).toEqual({
      action: 'pg',
      page: 2,
      owner: null,
      command: 'ask',
      args: { question: 'pay?', private: true },
    });
    for (const bad of ['', 'pg', 'pg:1:0:ask:!!!', 'zz:1:0:ask:e30', 'pg:1:0:ask:W10', 'pg:1:0:ask:~unknown'])
      expect(decodeState(bad)).toBeNull();
  });
  it('carries arguments as readable JSON, and still reads the base64 ids of earlier versions', () => {
    const id = encodeState({
      action: 'pg',
      page: 1,
      owner: null,
      command: 'duties',
      args: { role: 'Border Patrol Agent' },
    });
    expect(id).toBe('pg:1:0:duties:{"role":"Border Patrol Agent"}');
    const old = `pg:1:0:duties:${Buffer.from(JSON.stringify({ role: 'Border Patrol Agent' })).toString('base64url')}`;
    expect(decodeState(old)).toEqual(decodeState(id));
    expect(decodeState('pg:1:0:duties:{"role":')).toBeNull();
    expect(decodeState('pg:1:0:duties:{"role":{"x":1}}')).toBeNull();
  });
  it('long arguments fall back to an in-memory key', () => {
    const args = { question: 'é'.repeat(500) };
    const id = encodeState({ action: 'post', page: 0, owner: '123456789012345678', command: 'ask', args });
    expect(id.length).toBeLessThanOrEqual(100);
    expect(id).toMatch(/:~/);
    expect(decodeState(id)?.args).toEqual(args);
  });
});

describe('interface text', () => {
  it('shows a role we name as the role, and still defuses everything else', async () => {
    const { safeInterfaceText } = await import('../../src/discord/markdown.js');
    const { roleRef } = await import('../../src/answers/reply.js');
    expect(safeInterfaceText(`Mentor role: ${roleRef('130000000000000001')}`)).toBe(
      'Mentor role: <@&130000000000000001>\u2060',
    );
    // A role mention a member typed (no marker) stays inert, as does everything else echoed.
    expect(
      safeInterfaceText(
        `Role ${roleRef('130000000000000001')} and <@&130000000000000003> @everyone **x** <@1300000000000000002>`,
      ),
    ).toBe(
      'Role <@&130000000000000001>\u2060 and <@\u200b&130000000000000003> @\u200beveryone \\*\\*x\\*\\* <@\u200b1300000000000000002>',
    );
  });
});
