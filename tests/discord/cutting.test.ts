/**
 * Text cut to Discord's limits end to end (real discord.js client, fake Discord that answers 500
 * to a lone surrogate as Discord does): the fuzz's reproductions — a question of sixty emoji, a
 * checklist item and a FAQ question of alternating 😀🛂 — give bodies Discord accepts wherever
 * they are shortened (titles, checklist lines and menus, stats, autocomplete names).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadKnowledgeBase } from '../../src/knowledge.js';
import { loneSurrogatePath } from '../support/fake-discord/validate.js';
import {
  admin,
  buttonId,
  GUILD_A,
  MENTOR_ROLE,
  member,
  RECRUITER_ROLE,
  selectsOf,
  startHarness,
  textOf,
  withRole,
  type Harness,
} from './harness.js';
/** Both parities, so a fixed-length cut lands inside a pair in one of them. */
const EMOJI_TEXTS = ['😀🛂'.repeat(75), `x${'😀🛂'.repeat(74)}`];

let h: Harness;
const boss = admin();
const mentor = withRole('mentor', MENTOR_ROLE);
const recruiter = withRole('recruiter', RECRUITER_ROLE);

/** Every body the bot sent was accepted: no 500 for a lone surrogate, no 400 for a length. */
const expectAllAccepted = () => {
  expect(h.discord.warnings.filter((w) => /lone surrogate/.test(w))).toEqual([]);
  const rejected = h.discord.requests.filter((r) => r.status >= 400).map((r) => `${r.method} ${r.path} → ${r.status}`);
  expect(rejected).toEqual([]);
};

beforeAll(async () => {
  h = await startHarness({ kb: loadKnowledgeBase() });
  await h.slash('settings', 'set', { 'mentor-role': MENTOR_ROLE, 'recruiter-role': RECRUITER_ROLE }, boss);
}, 30_000);

afterAll(async () => {
  await h?.close();
});

describe('cutting text for Discord', () => {
  it('/ask with "aa" and sixty 😀: the echoed question is cut between emoji', async () => {
    const question = `aa${'😀'.repeat(60)}`;
    const res = await h.slash('ask', null, { question }, member('emoji'));
    expect(res.type).toBe(4);
    expect(loneSurrogatePath(res.data)).toBeNull();
    const typed = await h.autocomplete('ask', null, 'question', question, member('emoji'));
    expect(typed.type).toBe(8);
    expectAllAccepted();
  });

  it('checklist items of alternating 😀🛂: member view, tick menus, stats and autocomplete', async () => {
    for (const text of EMOJI_TEXTS) {
      const add = await h.slash('checklist', 'add', { level: 'developing', text }, mentor);
      expect(textOf(add)).toMatch(/Added to the Developing checklist/);
    }
    const posted = await h.slash('checklist', 'post', { level: 'developing' }, mentor);
    const view = await h.press(buttonId(posted, 'Track my progress'), member('ticker'));
    expect(view.type).toBe(4);
    const menu = selectsOf(view)[0]!;
    const labels = menu.options!.map((o) => o.label);
    expect(labels.some((l) => l.includes('😀🛂') && l.endsWith('…'))).toBe(true);
    const ticked = await h.select(
      menu.custom_id!,
      menu.options!.slice(-2).map((o) => o.value),
      member('ticker'),
      { ephemeral: true },
    );
    expect(ticked.type).toBe(7);
    const stats = await h.slash('checklist', 'stats', { level: 'developing' }, mentor);
    expect(textOf(stats)).toMatch(/😀🛂…/);
    const choices = await h.autocomplete('checklist', 'remove', 'item', '😀', mentor);
    expect(choices.type).toBe(8);
    for (const res of [view, ticked, stats, choices]) expect(loneSurrogatePath(res.data)).toBeNull();
    expectAllAccepted();
  });

  it('a FAQ question of alternating 😀🛂: saved, listed, offered by autocomplete and found by /ask', async () => {
    for (const question of EMOJI_TEXTS) {
      const form = await h.slash('faq', 'add', {}, recruiter);
      const saved = await h.submit(
        form.data.custom_id!,
        { question, answer: 'Yes — see the front desk.', link: '' },
        recruiter,
      );
      expect(textOf(saved)).toMatch(/Added to this server's FAQ/);
    }
    const list = await h.slash('faq', 'list', {}, recruiter);
    const shown = await h.autocomplete('faq', 'show', 'entry', '😀', recruiter);
    expect((shown.data.choices ?? []).length).toBeGreaterThan(0);
    const asked = await h.slash('ask', null, { question: EMOJI_TEXTS[0]! }, member('asker'), GUILD_A);
    for (const res of [list, shown, asked]) expect(loneSurrogatePath(res.data)).toBeNull();
    expectAllAccepted();
  });
});
