/**
 * Checklists end to end: the real discord.js client, the fake Discord, a real SQLite file.
 * Posting (mentors only), Track my progress, ticking through select menus, /progress, forget,
 * custom items with autocomplete, stats, two servers apart, and concurrent ticks.
 */
import { describe, expect, it } from 'vitest';
import { levelStatements } from '../../src/answers/views.js';
import { decodeAction } from '../../src/discord/render.js';
import {
  admin,
  buttonId,
  buttonsOf,
  CHANNEL_A,
  CHANNEL_B,
  descriptionOf,
  embedsOf,
  expectWithinLimits,
  GUILD_A,
  GUILD_B,
  isEphemeral,
  member,
  MENTOR_ROLE,
  selectsOf,
  textOf,
  useFeatureHarness,
  withRole,
} from './harness.js';

// The admin names the mentor role first; from then on members with it are mentors.
const h = useFeatureHarness('mentor');
const mentor = withRole('mentor', MENTOR_ROLE);

describe('checklists', () => {
  it('a member who is not a mentor cannot post a checklist: a clear ephemeral refusal', async () => {
    const res = await h.slash('checklist', 'post', { level: 'emerging' }, member('newbie'));
    expect(res.type).toBe(4);
    expect(isEphemeral(res)).toBe(true);
    expect(textOf(res)).toMatch(/Only mentors can do this/);
    expect((await h.interactionLog(res.interactionId)).outcome).toBe('refused');
    for (const sub of ['add', 'stats'] as const) {
      const r = await h.slash(
        'checklist',
        sub,
        sub === 'add' ? { level: 'emerging', text: 'x' } : { level: 'emerging' },
        member('newbie'),
      );
      expect(textOf(r)).toMatch(/Only mentors/);
    }
  });

  it("a mentor posts the level's framework statements (cited) and the server's own items apart, with Track my progress", async () => {
    const add = await h.slash(
      'checklist',
      'add',
      { level: 'emerging', text: 'Shadow a secondary inspection at Port A' },
      mentor,
    );
    expect(isEphemeral(add)).toBe(true);
    expect(textOf(add)).toMatch(/Added to the Emerging checklist/);

    const res = await h.slash('checklist', 'post', { level: 'emerging' }, mentor);
    expect(res.type).toBe(4);
    expect(isEphemeral(res)).toBe(false);
    expectWithinLimits(res, expect as never);
    const d = descriptionOf(res);
    const statements = levelStatements(h.kb, 'emerging');
    expect(statements.length).toBe(10);
    expect(d).toMatch(/\[1\]/);
    expect(d).toMatch(/From the skills framework/);
    expect(d).toMatch(/This server's own items/);
    expect(d.indexOf('Shadow a secondary inspection')).toBeGreaterThan(d.indexOf('From the skills framework'));
    const sources = embedsOf(res)[0]?.fields?.find((f) => f.name === 'Sources')?.value ?? '';
    expect(sources).toMatch(/^\[1\] /);
    const track = buttonId(res, 'Track my progress');
    expect(decodeAction(track)).toEqual({ action: 'track', args: ['emerging'] });
  });

  it('Track my progress → a private checklist; ticking through the menu is saved and shown as a bar', async () => {
    const learner = member('learner');
    const opened = await h.press('a:track:emerging', learner);
    expect(opened.type).toBe(4);
    expect(isEphemeral(opened)).toBe(true);
    expectWithinLimits(opened, expect as never);
    expect(descriptionOf(opened)).toContain('▱▱▱▱▱▱▱▱▱▱ 0/11');
    const [menu] = selectsOf(opened);
    expect(menu?.options?.length).toBe(11);
    expect(menu?.min_values).toBe(0);
    expect(menu?.max_values).toBe(11);

    const values = [menu!.options![0]!.value, menu!.options![2]!.value, menu!.options![10]!.value];
    const ticked = await h.select(menu!.custom_id!, values, learner, { ephemeral: true });
    expect(ticked.type).toBe(7); // the private checklist is updated in place
    expect(descriptionOf(ticked)).toContain('▰▰▰▱▱▱▱▱▱▱ 3/11');
    const saved = h.store.checklists.progress(GUILD_A, learner.user.id);
    expect(saved).toHaveLength(3);
    expect(saved).toContain(levelStatements(h.kb, 'emerging')[0]!.id);
    expect(saved.some((id) => id.startsWith('custom:'))).toBe(true);
    expect(
      selectsOf(ticked)[0]!
        .options!.filter((o) => o.default)
        .map((o) => o.value)
        .sort(),
    ).toEqual([...values].sort());

    // Unticking: the menu's new selection replaces the old one.
    const fewer = await h.select(menu!.custom_id!, [values[0]!], learner, { ephemeral: true });
    expect(descriptionOf(fewer)).toContain('1/11');
    expect(h.store.checklists.progress(GUILD_A, learner.user.id)).toEqual([levelStatements(h.kb, 'emerging')[0]!.id]);

    // /progress show: every level at a glance; a level opens in place.
    const glance = await h.slash('progress', 'show', {}, learner);
    expect(isEphemeral(glance)).toBe(true);
    expect(descriptionOf(glance)).toMatch(/Emerging\s+▰▱▱▱▱▱▱▱▱▱ 1\/11/);
    expect(descriptionOf(glance)).toMatch(/Advanced\s+▱{10} 0\/10/);
    const open = await h.press(buttonId(glance, 'Open Advanced'), learner, { ephemeral: true });
    expect(open.type).toBe(7);
    expect(embedsOf(open)[0]?.title).toBe('Your Advanced checklist');
    const one = await h.slash('progress', 'show', { level: 'emerging' }, learner);
    expect(embedsOf(one)[0]?.title).toBe('Your Emerging checklist');
  });

  it('/progress forget asks first, then deletes only that member’s data in that server', async () => {
    const a = member('forgetful');
    const other = member('stays');
    const menuId = 'a:tick:developing:0';
    const firstTwo = levelStatements(h.kb, 'developing')
      .slice(0, 2)
      .map((_, k) => `f${k + 1}`);
    await h.select(menuId, firstTwo, a, { ephemeral: true });
    await h.select(menuId, firstTwo, other, { ephemeral: true });
    await h.select(menuId, firstTwo, a, { ephemeral: true, guildId: GUILD_B });
    expect(h.store.checklists.progress(GUILD_A, a.user.id)).toHaveLength(2);

    const ask = await h.slash('progress', 'forget', {}, a);
    expect(isEphemeral(ask)).toBe(true);
    const cancel = await h.press(buttonId(ask, 'Cancel'), a, { ephemeral: true });
    expect(cancel.type).toBe(7);
    expect(h.store.checklists.progress(GUILD_A, a.user.id)).toHaveLength(2);

    const done = await h.press(buttonId(ask, 'Delete my data'), a, { ephemeral: true });
    expect(done.type).toBe(7);
    expect(textOf(done)).toMatch(/Deleted 2 checklist ticks/);
    expect(h.store.checklists.progress(GUILD_A, a.user.id)).toEqual([]);
    expect(h.store.checklists.progress(GUILD_A, other.user.id)).toHaveLength(2);
    expect(h.store.checklists.progress(GUILD_B, a.user.id)).toHaveLength(2);
  });

  it('custom items: autocomplete lists them, remove takes one (mentors), stats count who ticked what', async () => {
    await h.slash(
      'checklist',
      'add',
      { level: 'proficient', text: 'Lead a team briefing on @everyone duties' },
      mentor,
    );
    const ac = await h.autocomplete('checklist', 'remove', 'item', 'brief', mentor);
    expect(ac.type).toBe(8);
    const choice = ac.data.choices?.find((c) => String(c.name).includes('Lead a team briefing'));
    expect(choice?.value).toMatch(/^custom:\d+$/);

    const member1 = member('m1');
    await h.select('a:tick:proficient:0', ['f1', `c${String(choice!.value).slice(7)}`], member1, { ephemeral: true });
    const stats = await h.slash('checklist', 'stats', { level: 'proficient' }, mentor);
    expect(isEphemeral(stats)).toBe(true);
    expect(descriptionOf(stats)).toMatch(/1 member — 1\./);
    expect(descriptionOf(stats)).toMatch(/1 member — 11\. Lead a team briefing on @\u200beveryone duties/);
    expect(stats.data.allowed_mentions).toEqual({ parse: [] });

    const refused = await h.slash('checklist', 'remove', { item: String(choice!.value) }, member('nope'));
    expect(textOf(refused)).toMatch(/Only mentors/);
    const removed = await h.slash('checklist', 'remove', { item: String(choice!.value) }, mentor);
    expect(textOf(removed)).toMatch(/Removed from the Proficient checklist.*ticked by 1 member/s);
    expect(h.store.checklists.progress(GUILD_A, member1.user.id)).toHaveLength(1);
  });

  it('a long posted checklist pages, and any member may page it (posting stays mentors-only)', async () => {
    for (let i = 1; i <= 25; i++)
      h.store.checklists.addCustomItem(
        GUILD_A,
        {
          level: 'developing',
          text: `Server task ${i}: ${'practise the inspection routine with a mentor, '.repeat(5)}`.slice(0, 290),
        },
        { id: 'm', name: 'Mentor' },
      );
    const posted = await h.slash('checklist', 'post', { level: 'developing' }, mentor);
    expectWithinLimits(posted, expect as never);
    expect(embedsOf(posted)[0]?.footer?.text).toMatch(/Page 1 of \d+/);
    const next = buttonId(posted, 'Next ▶');
    const page2 = await h.press(next, member('reader'));
    expect(page2.type).toBe(7);
    expect(embedsOf(page2)[0]?.footer?.text).toMatch(/Page 2 of/);
    expect(buttonId(page2, 'Track my progress')).toBe('b:track:developing');
    // The private checklist still fits one message with its two menus (35 items).
    const mine = await h.press('a:track:developing', member('reader'));
    expectWithinLimits(mine, expect as never);
    expect(selectsOf(mine).map((m) => m.options!.length)).toEqual([25, 10]);
  });

  it('a menu opened before a mentor removed an item still changes only its own items (no tick of another menu is lost)', async () => {
    const who = member('two-menus');
    const opened = await h.press('a:track:developing', who);
    const [first, second] = selectsOf(opened);
    expect(decodeAction(first!.custom_id!)!.args).toEqual(['developing', 'f1', first!.options!.at(-1)!.value]);
    // Tick the first item of the second menu (item 26).
    const item26 = second!.options![0]!.value;
    await h.select(second!.custom_id!, [item26], who, { ephemeral: true });
    const ticked = h.store.checklists.progress(GUILD_A, who.user.id);
    expect(ticked).toHaveLength(1);
    // A mentor removes an item shown in the first menu: item 26 would now be the first menu's 25th.
    const removable = first!.options!.find((o) => o.value.startsWith('c'))!.value;
    h.store.checklists.removeCustomItem(GUILD_A, `custom:${removable.slice(1)}`);
    // The member, on the old message, ticks f1 in the first menu: item 26 stays ticked.
    const after = await h.select(first!.custom_id!, ['f1'], who, { ephemeral: true });
    expect(after.type).toBe(7);
    expect(h.store.checklists.progress(GUILD_A, who.user.id).sort()).toEqual(
      [...ticked, levelStatements(h.kb, 'developing')[0]!.id].sort(),
    );
    // A malformed range is an old menu, not an error.
    const odd = await h.select('a:tick:developing:c9:f1', ['f1'], who, { ephemeral: true });
    expect(textOf(odd)).toMatch(/older version/);
  });

  it('two servers are kept apart: items, ticks and mentors', async () => {
    // GUILD_B has no mentor role configured: the mentor of A is an ordinary member there.
    const inB = await h.slash('checklist', 'post', { level: 'emerging' }, { ...mentor, roles: [] }, GUILD_B);
    expect(textOf(inB)).toMatch(/Only mentors/);
    const postB = await h.slash('checklist', 'post', { level: 'emerging' }, admin(), GUILD_B);
    expect(descriptionOf(postB)).not.toContain('Shadow a secondary inspection');
    const who = member('both');
    await h.select('a:tick:emerging:0', ['f1'], who, { ephemeral: true });
    const inA = await h.slash('progress', 'show', {}, who);
    const inBProgress = await h.slash('progress', 'show', {}, who, GUILD_B);
    expect(descriptionOf(inA)).toMatch(/Emerging\s+▰▱▱▱▱▱▱▱▱▱ 1\/11/);
    expect(descriptionOf(inBProgress)).toMatch(/Emerging\s+▱{10} 0\/10/);
  });

  it('concurrent interactions writing at once lose nothing', async () => {
    const members = Array.from({ length: 40 }, (_, i) => member(`crowd${i}`));
    const results = await Promise.all(
      members.map((m, i) =>
        h.select('a:tick:advanced:0', i % 2 === 0 ? ['f1', 'f2', 'f3'] : ['f2'], m, { ephemeral: true }),
      ),
    );
    expect(results.every((r) => r.type === 7)).toBe(true);
    for (const [i, m] of members.entries())
      expect(h.store.checklists.progress(GUILD_A, m.user.id)).toHaveLength(i % 2 === 0 ? 3 : 1);
    const ids = levelStatements(h.kb, 'advanced').map((p) => p.id);
    const counts = h.store.checklists.stats(GUILD_A, ids);
    expect(counts.get(ids[0]!)).toBe(20);
    expect(counts.get(ids[1]!)).toBe(40);
    expect(counts.get(ids[2]!)).toBe(20);
  });

  it('in a DM, checklists say they belong to a server', async () => {
    const { slashCommand } = await import('../support/payloads.js');
    const res = await h.discord.interact(
      slashCommand({ name: 'progress', subcommand: 'show', user: member('dm').user }),
    );
    expect(isEphemeral(res)).toBe(true);
    expect(textOf(res)).toMatch(/belongs to a server/);
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

  it('each public checklist the bot posted is its message in the channel it was asked in', () => {
    const posts = h.discord.callbacks.filter(
      (c) => c.type === 4 && !isEphemeral(c) && buttonsOf(c).some((b) => b.label === 'Track my progress'),
    );
    const sent = posts.map((c) => ({
      title: embedsOf(c)[0]?.title,
      message: h.discord.message(h.discord.interaction(c.interactionId)?.original?.id ?? ''),
    }));
    // Emerging and Developing in server A; Emerging in server B, by the admin (the role-less mentor was refused).
    expect(sent.map((s) => [s.title, s.message?.channel_id])).toEqual([
      ['Emerging level checklist', CHANNEL_A],
      ['Developing level checklist', CHANNEL_A],
      ['Emerging level checklist', CHANNEL_B],
    ]);
    for (const s of sent) expect(s.message?.author.id).toBe(h.discord.botUser.id);
  });
});
