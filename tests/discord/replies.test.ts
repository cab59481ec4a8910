/**
 * How answers read on Discord, end to end (the real discord.js client, the fake Discord, a real
 * SQLite file): a declined question is short and offers questions that work; "More results"
 * expands an answer in place; paging and More still work after a restart; what a member types is
 * echoed inert; every topic command cites its sources with links and credits O*NET.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_ITEMS } from '../../src/answers/answer.js';
import { askView, attributionFor, suggestedQuestions } from '../../src/answers/views.js';
import { decodeAction, decodeState } from '../../src/discord/render.js';
import { MAX_SUGGESTIONS } from '../../src/answers/reply.js';
import { loadKnowledgeBase, type KnowledgeBase } from '../../src/knowledge.js';
import {
  buttonId,
  buttonsOf,
  descriptionOf,
  embedsOf,
  expectWithinLimits,
  isEphemeral,
  member,
  startHarness,
  textOf,
  type Harness,
} from './harness.js';

let kb: KnowledgeBase;
let h: Harness;
const asker = member('asker');
const other = member('other');

beforeAll(async () => {
  kb = loadKnowledgeBase();
  h = await startHarness({ kb });
}, 30_000);

afterAll(async () => {
  await h?.close();
});

const sourcesOf = (res: Awaited<ReturnType<Harness['slash']>>) =>
  embedsOf(res)[0]?.fields?.find((f) => f.name === 'Sources')?.value ?? '';

describe('a declined question on Discord', () => {
  it('is a short embed: a plain sentence, a few topics, and suggested questions as buttons', async () => {
    const res = await h.slash('ask', null, { question: 'best pizza topping in naples' }, asker);
    expectWithinLimits(res, expect);
    const lines = descriptionOf(res).split('\n');
    expect(lines[0]).toMatch(/^My sources don't cover that, so I won't guess\./);
    expect(lines.filter((l) => l.startsWith('• ')).length).toBeLessThanOrEqual(MAX_SUGGESTIONS);
    expect(lines.length).toBeLessThanOrEqual(MAX_SUGGESTIONS + 2);
    expect(descriptionOf(res).length).toBeLessThan(400);
    const suggested = buttonsOf(res).filter((b) => decodeState(b.custom_id ?? '')?.action === 'run');
    expect(suggested.length).toBeGreaterThan(0);
    expect((await h.interactionLog(res.interactionId)).outcome).toBe('declined');

    // A suggested question is answered, with citations, as a new message.
    const answered = await h.press(suggested[0]!.custom_id!, other);
    expect(answered.type).toBe(4);
    expectWithinLimits(answered, expect);
    expect(embedsOf(answered)[0]?.title).toBe(suggested[0]!.label);
    expect(sourcesOf(answered)).toMatch(/^\[1\] /);
    expect((await h.interactionLog(answered.interactionId)).outcome).toBe('answered');
  });

  it('a private decline keeps its suggested questions private and pressable only by the asker', async () => {
    const res = await h.slash('ask', null, { question: 'best pizza topping in naples', private: true }, asker);
    expect(isEphemeral(res)).toBe(true);
    const id = buttonsOf(res).find((b) => decodeState(b.custom_id ?? '')?.action === 'run')!.custom_id!;
    expect(decodeState(id)?.args.private).toBe('true');
    expect(textOf(await h.press(id, other, { ephemeral: true }))).toMatch(/Only the person who asked/);
    const mine = await h.press(id, asker, { ephemeral: true });
    expect(isEphemeral(mine)).toBe(true);
    expect(buttonsOf(mine).some((b) => b.label === 'Post to channel')).toBe(true);
  });

  it('an unknown role lists the roles once, as buttons, and echoes the typed text inert', async () => {
    const res = await h.slash('duties', null, { role: '**astronaut** @everyone <@&1300000000000000021>' }, asker);
    expectWithinLimits(res, expect);
    const d = descriptionOf(res);
    expect(d).toMatch(
      /I don't know the role “\\\*\\\*astronaut\\\*\\\* @\u200beveryone <@\u200b&1300000000000000021>”/,
    );
    expect(d).not.toContain('CBP Officer');
    expect(buttonsOf(res).map((b) => b.label)).toContain('CBP Officer');
    const picked = await h.press(buttonId(res, 'CBP Officer'), asker);
    expect(embedsOf(picked)[0]?.title).toBe('Duties — CBP Officer');
  });
});

describe('More results', () => {
  // Which questions fill a first answer depends on the ranking, which is tuned elsewhere: pick by what the answer layer says.
  const byCount = (full: boolean) =>
    suggestedQuestions(kb).find((q) => askView(kb, q).items.length >= MAX_ITEMS === full)!;
  let question: string;
  beforeAll(() => {
    question = byCount(true);
  });

  it('expands an answer in place: more passages, each cited, and no second More button', async () => {
    const res = await h.slash('ask', null, { question }, asker);
    const first = descriptionOf(res).split('\n\n').length;
    const more = buttonId(res, 'More results');
    const expanded = await h.press(more, other);
    expect(expanded.type).toBe(7);
    expectWithinLimits(expanded, expect);
    expect(descriptionOf(expanded).split('\n\n').length).toBeGreaterThan(first);
    expect(buttonsOf(expanded).some((b) => b.label === 'More results')).toBe(false);
    // The same logged answer: its Helpful button names the same answer id.
    const vote = (r: typeof res) => buttonsOf(r).find((b) => b.label === 'Helpful')?.custom_id;
    expect(vote(expanded)).toBe(vote(res));
    for (const n of descriptionOf(expanded).matchAll(/\[(\d+)\]$/gm))
      expect(sourcesOf(expanded)).toContain(`[${n[1]}] `);
  });

  it('an answer that already shows everything offers no More button', async () => {
    const res = await h.slash('ask', null, { question: byCount(false) }, asker);
    expect(res.data.embeds?.length).toBe(1);
    expect(buttonsOf(res).some((b) => b.label === 'More results')).toBe(false);
  });

  it('More and Next still work after a restart', async () => {
    const ask = await h.slash('ask', null, { question }, asker);
    const duties = await h.slash('duties', null, { role: 'border patrol' }, asker);
    const next = buttonId(duties, 'Next ▶');
    await h.restart();
    const expanded = await h.press(buttonId(ask, 'More results'), asker);
    expect(expanded.type).toBe(7);
    expect(embedsOf(expanded)[0]?.title).toBe(embedsOf(ask)[0]?.title);
    const page2 = await h.press(next, other);
    expect(page2.type).toBe(7);
    expect(embedsOf(page2)[0]?.footer?.text).toMatch(/Page 2 of 2/);
    expect(embedsOf(page2)[0]?.title).toBe('Duties — Border Patrol Agent');
  });
});

describe('topic commands cite their sources', () => {
  const cases: [string, Record<string, string>][] = [
    ['duties', {}],
    ['education', {}],
    ['salary', {}],
    ['salary', { role: 'cbp officer' }],
    ['training', {}],
    ['training', { step: '2' }],
    ['levels', { level: 'emerging' }],
    ['levels', { level: 'advanced', topic: 'training' }],
    ['skills', { kind: 'technology' }],
    ['roles', {}],
    ['sources', {}],
  ];
  it.each(cases)(
    '/%s %j: numbered markers, a Sources field of [n] title — section (linked where a URL exists), the attribution the licences need',
    async (name, options) => {
      const res = await h.slash(name, null, options, asker);
      expectWithinLimits(res, expect);
      const d = descriptionOf(res);
      const markers = new Set([...d.matchAll(/\[(\d+)\]$/gm)].map((m) => Number(m[1])));
      expect(markers.size).toBeGreaterThan(0);
      const sources = sourcesOf(res);
      for (const n of markers) expect(sources).toMatch(new RegExp(`^\\[${n}\\] `, 'm'));
      for (const line of sources.split('\n')) {
        const cited = kb.corpus.sources.find((s) => line.includes(s.title.replace(/\*/g, '\\*')));
        expect(cited, line).toBeDefined();
        if (cited?.url) expect(line).toContain(`](${cited.url})`);
        else expect(line).not.toMatch(/\]\(/);
      }
      const needed = attributionFor(
        kb,
        kb.corpus.sources
          .filter((s) => sources.includes(s.title.replace(/\*/g, '\\*')))
          .map((s, i) => ({
            n: i + 1,
            sourceId: s.id,
            title: s.title,
            section: '',
            publisher: s.publisher,
            url: s.url,
            licence: s.licence,
          })),
      );
      for (const line of (needed ?? '').split('\n').filter(Boolean))
        expect(embedsOf(res)[0]?.footer?.text).toContain(line);
      expect(['answered', 'info']).toContain((await h.interactionLog(res.interactionId)).outcome);
    },
  );
});

describe('feedback on topic answers', () => {
  it('a topic command has Helpful / Not helpful; its pages keep one answer, so a vote counts once', async () => {
    const duties = await h.slash('duties', null, { role: 'border patrol' }, asker);
    const helpful = buttonsOf(duties).find((b) => b.label === 'Helpful')!;
    expect(helpful).toBeDefined();
    expect(buttonsOf(duties).some((b) => b.label === 'Not helpful')).toBe(true);
    const page2 = await h.press(buttonId(duties, 'Next ▶'), asker);
    expect(embedsOf(page2)[0]?.title).toBe('Duties — Border Patrol Agent');
    // The second page votes on the same logged answer.
    expect(buttonsOf(page2).find((b) => b.label === 'Helpful')?.custom_id).toBe(helpful.custom_id);
    const thanks = await h.press(helpful.custom_id!, other);
    expect(textOf(thanks) + descriptionOf(thanks)).toMatch(/Thanks for the feedback/);
    const logged = h.store.answers.get(decodeAnswerId(helpful.custom_id!))!;
    expect(logged).toMatchObject({ query: '/duties role: Border Patrol Agent', answered: true });
  });

  it('a topic command that cannot answer (unknown role) asks for no feedback', async () => {
    const res = await h.slash('salary', null, { role: 'astronaut' }, asker);
    expect(buttonsOf(res).some((b) => b.label === 'Helpful')).toBe(false);
  });
});

/** The answer id a vote button carries (its first action argument). */
const decodeAnswerId = (customId: string): string => decodeAction(customId)!.args[0]!;
