import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, DM_GUILD_ID, type Store } from '../../src/store/index.js';
import { useStores } from './fixtures/tmp.js';

const { open } = useStores();
const mentor = { id: 'mentor', name: 'Mentor' };

/** The same activity in a guild: settings, FAQ, a custom item, ticks, questions and votes. */
function seed(store: Store, g: string): { custom: string } {
  store.settings.update(g, { answersPrivate: true });
  store.faq.add(g, { question: 'Q1?', answer: 'A1' }, mentor);
  store.faq.add(g, { question: 'Q2?', answer: 'A2' }, mentor);
  const custom = store.checklists.addCustomItem(g, { level: 'emerging', text: 'Custom' }, mentor).id;
  for (const u of ['alice', 'bob']) {
    store.checklists.tick(g, u, 'fw:1');
    store.checklists.tick(g, u, custom);
  }
  store.answers.log({
    id: `${g}-alice-1`,
    guildId: g,
    userId: 'alice',
    channelId: 'c',
    query: 'Overtime?',
    answered: false,
  });
  store.answers.log({ id: `${g}-alice-2`, guildId: g, userId: 'alice', channelId: 'c', query: 'Pay?', answered: true });
  store.answers.log({ id: `${g}-bob-1`, guildId: g, userId: 'bob', channelId: 'c', query: 'Academy?', answered: true });
  store.answers.vote(`${g}-alice-2`, 'alice', 'not-helpful');
  store.answers.vote(`${g}-alice-2`, 'bob', 'helpful'); // bob's vote on alice's answer
  store.answers.vote(`${g}-bob-1`, 'alice', 'helpful'); // alice's vote on bob's answer
  return { custom };
}

describe('forgetMember', () => {
  it("deletes the member's ticks, votes and questions in that guild only", () => {
    const store = open();
    const { custom } = seed(store, 'g1');
    seed(store, 'g2');
    store.checklists.tick(DM_GUILD_ID, 'alice', 'fw:1');

    expect(store.forgetMember('g1', 'alice')).toEqual({ ticks: 2, votes: 2, questions: 2 });
    expect(store.checklists.progress('g1', 'alice')).toEqual([]);
    expect(store.answers.get('g1-alice-1')).toBeNull();
    expect(store.answers.tally('g1-bob-1')).toEqual({ helpful: 0, notHelpful: 0 });
    // Bob's own data in g1 is intact.
    expect(store.checklists.progress('g1', 'bob').sort()).toEqual([custom, 'fw:1'].sort());
    expect(store.answers.get('g1-bob-1')).not.toBeNull();
    // Alice elsewhere is untouched.
    expect(store.checklists.progress('g2', 'alice')).toHaveLength(2);
    expect(store.checklists.progress(DM_GUILD_ID, 'alice')).toEqual(['fw:1']);
    expect(store.answers.tally('g2-bob-1')).toEqual({ helpful: 1, notHelpful: 0 });
    // Server content she might have written is not personal data and stays.
    expect(store.faq.count('g1')).toBe(2);

    expect(store.forgetMember('g1', 'alice')).toEqual({ ticks: 0, votes: 0, questions: 0 });
  });
});

describe('purgeGuild', () => {
  it('deletes everything for the guild and nothing else', () => {
    const store = open();
    seed(store, 'g1');
    seed(store, 'g2');
    expect(store.purgeGuild('g1')).toEqual({
      settings: 1,
      faqEntries: 2,
      customItems: 1,
      ticks: 4,
      answers: 3,
      votes: 3,
    });
    expect(store.settings.get('g1')).toEqual(DEFAULT_SETTINGS);
    expect(store.faq.list('g1')).toEqual([]);
    expect(store.checklists.listCustomItems('g1', 'emerging')).toEqual([]);
    expect(store.checklists.progress('g1', 'bob')).toEqual([]);
    expect(store.answers.gaps('g1')).toEqual([]);

    expect(store.settings.get('g2').answersPrivate).toBe(true);
    expect(store.faq.count('g2')).toBe(2);
    expect(store.checklists.progress('g2', 'bob')).toHaveLength(2);
    expect(store.answers.gaps('g2')).toHaveLength(2);

    expect(store.purgeGuild('g1')).toEqual({
      settings: 0,
      faqEntries: 0,
      customItems: 0,
      ticks: 0,
      answers: 0,
      votes: 0,
    });
  });
});
