/**
 * Forged and garbled custom ids end to end (real discord.js client, fake Discord, real SQLite):
 * an action runs only from the kind of component that issues it. A modal submit or select menu
 * carrying the purge action, sent by a member with Manage Server, gets the "out of date" reply
 * and purges nothing; only the confirmation button does.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadKnowledgeBase } from '../../src/knowledge.js';
import { MESSAGES } from '../../src/discord/router.js';
import {
  admin,
  buttonId,
  GUILD_A,
  isEphemeral,
  RECRUITER_ROLE,
  startHarness,
  textOf,
  type Harness,
} from './harness.js';

let h: Harness;
const boss = admin();

beforeAll(async () => {
  h = await startHarness({ kb: loadKnowledgeBase() });
  await h.slash('settings', 'set', { 'recruiter-role': RECRUITER_ROLE }, boss);
  const saved = await h.submit(
    'a:faq-add',
    { question: 'Is there parking at Port A?', answer: 'Yes, lot C.', link: '' },
    boss,
  );
  expect(textOf(saved)).toMatch(/Added to this server's FAQ/);
}, 30_000);

afterAll(async () => {
  await h?.close();
});

const dataIsThere = () => {
  expect(h.store.faq.count(GUILD_A)).toBe(1);
  expect(h.store.settings.get(GUILD_A).recruiterRoleId).toBe(RECRUITER_ROLE);
};

const expectOutOfDate = async (res: Awaited<ReturnType<Harness['press']>>, stale: string) => {
  expect(res.type).toBe(4);
  expect(isEphemeral(res)).toBe(true);
  expect(textOf(res)).toContain(MESSAGES.stale);
  expect(await h.interactionLog(res.interactionId)).toMatchObject({ outcome: 'info', stale });
};

describe('forged and garbled custom ids', () => {
  it('a modal submit or select menu carrying the purge action does not purge, even from a member with Manage Server', async () => {
    await expectOutOfDate(await h.submit('a:purge', {}, boss), 'wrong-component');
    await expectOutOfDate(await h.select('a:purge', ['x'], boss), 'wrong-component');
    await expectOutOfDate(await h.submit('m:purge', {}, boss), 'wrong-component');
    await expectOutOfDate(await h.select('s:purge', ['x'], boss), 'wrong-component');
    await expectOutOfDate(await h.submit('b:purge', {}, boss), 'wrong-component');
    await expectOutOfDate(await h.select('b:purge', [], boss), 'wrong-component');
    dataIsThere();
  });

  it('other actions and commands from the wrong component, unknown actions and garbage are refused the same way', async () => {
    await expectOutOfDate(await h.press('a:faq-add', boss), 'wrong-component');
    await expectOutOfDate(await h.press('m:faq-add', boss), 'wrong-component');
    await expectOutOfDate(await h.select('pg:0:0:faq.list:{}', ['x'], boss), 'wrong-component');
    await expectOutOfDate(await h.submit('conv:1:salary', {}, boss), 'wrong-component');
    await expectOutOfDate(await h.press('b:no-such-action', boss), 'unknown-action');
    await expectOutOfDate(await h.press('run:0:0:nope:{}', boss), 'unknown-command');
    await expectOutOfDate(await h.press('b~forgotten', boss), 'expired');
    for (const raw of ['x', 'b:', 'b:x:%E0%A4%A', 'pg:1:0:ask:{"q":', '😀:purge'])
      await expectOutOfDate(await h.press(raw, boss), 'garbled');
    dataIsThere();
  });

  it('the purge runs from its confirmation button', async () => {
    const confirm = await h.slash('settings', 'purge', {}, boss);
    const done = await h.press(buttonId(confirm, 'Delete everything'), boss, { ephemeral: true });
    expect(textOf(done)).toMatch(/This server's data is deleted/);
    expect(h.store.faq.count(GUILD_A)).toBe(0);
  });
});
