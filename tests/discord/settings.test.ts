/**
 * /settings end to end (real discord.js client, fake Discord, real SQLite file): Manage Server
 * only; roles make mentors and recruiters; answers private by default; purge after a
 * confirmation that is checked again when pressed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadKnowledgeBase } from '../../src/knowledge.js';
import {
  admin,
  buttonId,
  buttonsOf,
  GUILD_A,
  GUILD_B,
  isEphemeral,
  member,
  MENTOR_ROLE,
  RECRUITER_ROLE,
  startHarness,
  textOf,
  withRole,
  type Harness,
} from './harness.js';

let h: Harness;
const boss = admin();

beforeAll(async () => {
  h = await startHarness({ kb: loadKnowledgeBase() });
}, 30_000);

afterAll(async () => {
  await h?.close();
});

describe('/settings', () => {
  it('only members with Manage Server may view or change settings', async () => {
    for (const [sub, options] of [
      ['view', {}],
      ['set', { 'answers-private': true }],
      ['purge', {}],
    ] as const) {
      const res = await h.slash('settings', sub, options, member('plain'));
      expect(isEphemeral(res)).toBe(true);
      expect(textOf(res)).toMatch(/Only members with the Manage Server permission/);
      expect((await h.interactionLog(res.interactionId)).outcome).toBe('refused');
    }
    // A mentor role does not grant settings.
    const res = await h.slash('settings', 'view', {}, withRole('mentor', MENTOR_ROLE));
    expect(textOf(res)).toMatch(/Manage Server/);
  });

  it('view and set: roles, private answers, threads; a role can be cleared', async () => {
    const view = await h.slash('settings', 'view', {}, boss);
    expect(isEphemeral(view)).toBe(true);
    expect(buttonsOf(view).map((b) => b.label)).not.toContain('Post to channel');
    expect(textOf(view)).toMatch(/Mentor role: not set/);
    const set = await h.slash(
      'settings',
      'set',
      { 'mentor-role': MENTOR_ROLE, 'recruiter-role': RECRUITER_ROLE, threads: true },
      boss,
    );
    expect(textOf(set)).toMatch(/Saved/);
    expect(h.store.settings.get(GUILD_A)).toEqual({
      mentorRoleId: MENTOR_ROLE,
      recruiterRoleId: RECRUITER_ROLE,
      answersPrivate: false,
      continueInThreads: true,
    });
    const cleared = await h.slash('settings', 'set', { clear: 'recruiter-role' }, boss);
    expect(textOf(cleared)).toMatch(/Recruiter role: not set/);
    expect(h.store.settings.get(GUILD_A).recruiterRoleId).toBeNull();
    // Roles must be role ids.
    const bad = await h.slash('settings', 'set', { 'mentor-role': 'everyone' }, boss);
    expect(textOf(bad)).toMatch(/must be a role/);
    expect(h.store.settings.get(GUILD_B).mentorRoleId).toBeNull();
  });

  it('@everyone as the mentor role makes every member of that server a mentor, and only there', async () => {
    const set = await h.slash('settings', 'set', { 'mentor-role': GUILD_B }, boss, GUILD_B);
    expect(textOf(set)).toMatch(/Saved/);
    const anyone = member('anyone');
    const posted = await h.slash('checklist', 'post', { level: 'emerging' }, anyone, GUILD_B);
    expect(isEphemeral(posted)).toBe(false);
    expect(textOf(posted)).toMatch(/Emerging level checklist/);
    const elsewhere = await h.slash('checklist', 'post', { level: 'emerging' }, anyone, GUILD_A);
    expect(textOf(elsewhere)).toMatch(/Only mentors/);
    await h.slash('settings', 'set', { clear: 'mentor-role' }, boss, GUILD_B);
    expect(textOf(await h.slash('checklist', 'post', { level: 'emerging' }, anyone, GUILD_B))).toMatch(/Only mentors/);
  });

  it('answers private by default: /ask replies only to the asker unless they say otherwise', async () => {
    const before = await h.slash('ask', null, { question: 'What training do new officers get?' }, member('a'));
    expect(isEphemeral(before)).toBe(false);
    await h.slash('settings', 'set', { 'answers-private': true }, boss);
    const after = await h.slash('ask', null, { question: 'What training do new officers get?' }, member('b'));
    expect(isEphemeral(after)).toBe(true);
    const chosen = await h.slash(
      'ask',
      null,
      { question: 'What training do new officers get?', private: false },
      member('c'),
    );
    expect(isEphemeral(chosen)).toBe(false);
    const elsewhere = await h.slash(
      'ask',
      null,
      { question: 'What training do new officers get?' },
      member('d'),
      GUILD_B,
    );
    expect(isEphemeral(elsewhere)).toBe(false);
    await h.slash('settings', 'set', { 'answers-private': false }, boss);
  });

  it('purge asks for confirmation; Cancel keeps everything; the button re-checks Manage Server; confirming deletes only this server', async () => {
    h.store.faq.add(GUILD_A, { question: 'Parking?', answer: 'Lot C.' }, { id: 'r1', name: 'Rae' });
    h.store.faq.add(GUILD_B, { question: 'Parking?', answer: 'Lot D.' }, { id: 'r1', name: 'Rae' });
    h.store.checklists.tick(GUILD_A, 'u1', 'x:emerging:1');
    const confirm = await h.slash('settings', 'purge', {}, boss);
    expect(isEphemeral(confirm)).toBe(true);
    expect(textOf(confirm)).toMatch(/cannot be undone/);
    const yes = buttonId(confirm, 'Delete everything');

    const cancel = await h.press(buttonId(confirm, 'Cancel'), boss, { ephemeral: true });
    expect(cancel.type).toBe(7);
    expect(h.store.faq.count(GUILD_A)).toBe(1);

    const sneaky = await h.press(yes, member('sneaky'));
    expect(textOf(sneaky)).toMatch(/Manage Server/);
    expect(h.store.faq.count(GUILD_A)).toBe(1);

    const done = await h.press(yes, boss, { ephemeral: true });
    expect(done.type).toBe(7);
    expect(textOf(done)).toMatch(/Deleted 1 FAQ entries, 0 checklist items, 1 ticks/);
    expect(h.store.faq.count(GUILD_A)).toBe(0);
    expect(h.store.checklists.progress(GUILD_A, 'u1')).toEqual([]);
    expect(h.store.settings.get(GUILD_A).mentorRoleId).toBeNull();
    expect(h.store.faq.count(GUILD_B)).toBe(1);
  });

  it('nothing sent was rejected by the fake Discord', () => {
    expect(h.discord.unexpectedRequests).toEqual([]);
    expect(
      h.discord.requests
        .filter((r) => r.status >= 400)
        .map((r) => `${r.method} ${r.path} ${JSON.stringify(r.response)}`),
    ).toEqual([]);
    expect(h.clientErrors).toEqual([]);
  });
});
