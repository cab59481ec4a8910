/**
 * The server FAQ end to end (real discord.js client, fake Discord, real SQLite file): the add
 * form → /ask finds the entry and cites it as the server's FAQ; recruiters only; limits; edit
 * with autocomplete; export → import round trip through an attachment; votes and /faq gaps;
 * paging by answer id across a restart; mentions never ping.
 */
import { describe, expect, it } from 'vitest';
import { decodeAction, decodeState } from '../../src/discord/render.js';
import { FAQ_LIMITS } from '../../src/store/index.js';
import {
  admin,
  buttonId,
  buttonsOf,
  descriptionOf,
  embedsOf,
  expectWithinLimits,
  GUILD_A,
  GUILD_B,
  importPayload,
  isEphemeral,
  member,
  modalOf,
  RECRUITER_ROLE,
  serveFiles,
  textOf,
  useFeatureHarness,
  withRole,
  type Harness,
} from './harness.js';

// The admin names the recruiter role first; from then on members with it are recruiters.
const h = useFeatureHarness('recruiter');
const recruiter = withRole('recruiter', RECRUITER_ROLE);

const QUESTION = 'When is the next Port A hiring event?';
const ANSWER =
  'The next Port A hiring event is on March 3 at the visitor centre; bring two forms of ID. Ask @everyone <@123456789012345678> for directions.';

const sourcesOf = (res: Awaited<ReturnType<Harness['slash']>>) =>
  embedsOf(res)[0]?.fields?.find((f) => f.name === 'Sources')?.value ?? '';

describe('server FAQ', () => {
  it('a member who is not a recruiter cannot add an entry: refused before any form', async () => {
    const res = await h.slash('faq', 'add', {}, member('curious'));
    expect(res.type).toBe(4);
    expect(isEphemeral(res)).toBe(true);
    expect(textOf(res)).toMatch(/Only recruiters can do this/);
    expect((await h.interactionLog(res.interactionId)).outcome).toBe('refused');
    // A forged form submission is checked again.
    const forged = await h.submit('a:faq-add', { question: 'Q?', answer: 'A.', link: '' }, member('curious'));
    expect(textOf(forged)).toMatch(/Only recruiters/);
    expect(h.store.faq.count(GUILD_A)).toBe(0);
  });

  it('/faq add opens a form; submitting it saves the entry and /ask finds it, cited as the server FAQ', async () => {
    const form = await h.slash('faq', 'add', {}, recruiter);
    expect(form.type).toBe(9);
    const modal = modalOf(form);
    expect(modal.title).toBe('New FAQ entry');
    expect(modal.fields.map((f) => f.custom_id)).toEqual(['question', 'answer', 'link']);
    expect(modal.fields.map((f) => f.max_length)).toEqual([FAQ_LIMITS.question, FAQ_LIMITS.answer, FAQ_LIMITS.link]);
    expect(decodeAction(modal.customId)).toEqual({ action: 'faq-add', args: [] });

    const saved = await h.submit(
      modal.customId,
      { question: QUESTION, answer: ANSWER, link: 'https://example.org/port-a-events' },
      recruiter,
    );
    expect(saved.type).toBe(4);
    expect(isEphemeral(saved)).toBe(true);
    expect(textOf(saved)).toMatch(/Added to this server's FAQ as #\d+/);
    expect(h.store.faq.list(GUILD_A).map((e) => e.question)).toEqual([QUESTION]);

    const res = await h.slash('ask', null, { question: 'when is the next hiring event at port a?' }, member('asker'));
    expectWithinLimits(res, expect as never);
    expect(descriptionOf(res)).toMatch(/Includes this server's own FAQ, written by its recruiters/);
    expect(descriptionOf(res)).toContain('March 3');
    const sources = sourcesOf(res);
    expect(sources).toMatch(/Server FAQ \(written by this server’s recruiters\)/);
    expect(sources).toContain(
      `(written by ${recruiter.user.global_name}, last edited ${new Date().toISOString().slice(0, 10)})`,
    );
    expect(sources).toContain('](https://example.org/port-a-events)');
    // Mentions in the entry never ping.
    expect(res.data.allowed_mentions).toEqual({ parse: [] });
    expect(descriptionOf(res)).not.toMatch(/@everyone|<@1/);

    // Another server never sees it.
    const other = await h.slash(
      'ask',
      null,
      { question: 'when is the next hiring event at port a?' },
      member('asker'),
      GUILD_B,
    );
    expect(textOf(other)).not.toContain('March 3');
  });

  it('limits have clear messages: a 201-character question is refused and nothing is saved', async () => {
    const before = h.store.faq.count(GUILD_A);
    const res = await h.submit('a:faq-add', { question: 'Q'.repeat(201), answer: 'Fine.', link: '' }, recruiter);
    expect(isEphemeral(res)).toBe(true);
    expect(textOf(res)).toMatch(/The question can be at most 200 characters/);
    expect(textOf(res)).toMatch(/Here is what you wrote/);
    expect(textOf(res)).toContain('Fine.');
    expect((await h.interactionLog(res.interactionId)).outcome).toBe('refused');
    const badLink = await h.submit(
      'a:faq-add',
      { question: 'Where?', answer: 'Here.', link: 'javascript:alert(1)' },
      recruiter,
    );
    expect(textOf(badLink)).toMatch(/full web address/);
    const dup = await h.submit(
      'a:faq-add',
      { question: QUESTION.toUpperCase(), answer: 'Again.', link: '' },
      recruiter,
    );
    expect(textOf(dup)).toMatch(/already a FAQ entry with this question/);
    expect(h.store.faq.count(GUILD_A)).toBe(before);
  });

  it('/faq edit: autocomplete finds the entry, the form comes prefilled, saving updates it', async () => {
    const ac = await h.autocomplete('faq', 'edit', 'entry', 'next port', recruiter);
    const choice = ac.data.choices?.[0];
    expect(choice?.name).toContain(QUESTION);
    const form = await h.slash('faq', 'edit', { entry: String(choice!.value) }, recruiter);
    expect(form.type).toBe(9);
    const modal = modalOf(form);
    expect(modal.fields.find((f) => f.custom_id === 'answer')?.value).toBe(ANSWER);
    const saved = await h.submit(
      modal.customId,
      { question: QUESTION, answer: 'Moved to March 10, same place.', link: '' },
      recruiter,
    );
    expect(textOf(saved)).toMatch(/Saved FAQ #/);
    const shown = await h.slash('faq', 'show', { entry: String(choice!.value) }, member('reader'));
    expect(isEphemeral(shown)).toBe(false);
    expect(descriptionOf(shown)).toContain('Moved to March 10');
    expect(descriptionOf(shown)).toMatch(/written by this server's recruiters, not a published source/);
    const list = await h.slash('faq', 'list', {}, member('reader'));
    expect(descriptionOf(list)).toContain(QUESTION.replace(/\?$/, ''));
    // Editing needs the recruiter check too.
    const forged = await h.submit(
      modal.customId,
      { question: 'Hacked?', answer: 'Hacked.', link: '' },
      member('mallory'),
    );
    expect(textOf(forged)).toMatch(/Only recruiters/);
  });

  it('export → import round trip through an attachment (all or nothing)', async () => {
    await h.submit(
      'a:faq-add',
      { question: 'Is there parking at Port A?', answer: 'Yes, lot C.', link: '' },
      recruiter,
    );
    const exp = await h.slash('faq', 'export', {}, recruiter);
    expect(isEphemeral(exp)).toBe(true);
    expect(exp.files).toHaveLength(1);
    const file = exp.files[0]!;
    expect(file.name).toBe('checkpoint-faq.json');
    const json = file.data.toString('utf8');
    const data = JSON.parse(json) as { entries: { question: string }[] };
    expect(data.entries.map((e) => e.question).sort()).toEqual(['Is there parking at Port A?', QUESTION].sort());

    const broken = JSON.stringify({
      ...data,
      entries: [
        ...data.entries,
        { question: 'x', answer: '', link: null, author: 'a', updatedAt: new Date().toISOString() },
      ],
    });
    const server = await serveFiles({ 'good.json': json, 'broken.json': broken, 'notjson.json': '{nope' });
    try {
      const importer = admin();
      // Into the other server: everything arrives.
      const ok = await h.discord.interact(importPayload(h, server.url('good.json'), importer, GUILD_B));
      expect(ok.type).toBe(5); // deferred while the file downloads
      const done = await h.discord.waitForEdit(ok.token);
      expect(JSON.stringify(done.body)).toMatch(/2 added, 0 updated, 0 unchanged/);
      expect(
        h.store.faq
          .list(GUILD_B)
          .map((e) => e.question)
          .sort(),
      ).toEqual(data.entries.map((e) => e.question).sort());

      // A bad entry: nothing at all is imported, and the message names the entry.
      const bad = await h.discord.interact(importPayload(h, server.url('broken.json'), importer, GUILD_B));
      const badDone = await h.discord.waitForEdit(bad.token);
      expect(JSON.stringify(badDone.body)).toMatch(/Entry 3: The answer cannot be empty/);
      expect(h.store.faq.count(GUILD_B)).toBe(2);
      const notJson = await h.discord.interact(importPayload(h, server.url('notjson.json'), importer, GUILD_B));
      expect(JSON.stringify((await h.discord.waitForEdit(notJson.token)).body)).toMatch(/not valid JSON/);

      // Recruiters only.
      const refused = await h.discord.interact(importPayload(h, server.url('good.json'), member('nobody'), GUILD_B));
      expect(JSON.stringify((await h.discord.waitForEdit(refused.token)).body)).toMatch(/Only recruiters/);
      expect(server.hits.every((p) => p.endsWith('.json'))).toBe(true);
    } finally {
      await server.close();
    }
  });

  it('Helpful / Not helpful: one vote per member per answer, then /faq gaps lists what went badly', async () => {
    const asker = member('voter');
    const res = await h.slash('ask', null, { question: 'What training do new officers get?' }, asker);
    const helpful = buttonId(res, 'Helpful');
    const notHelpful = buttonId(res, 'Not helpful');
    const [answerId, verdict] = decodeAction(notHelpful)!.args;
    expect(verdict).toBe('n');
    expect(h.store.answers.get(answerId!)?.query).toBe('What training do new officers get?');

    const thanks = await h.press(helpful, asker);
    expect(isEphemeral(thanks)).toBe(true);
    expect(textOf(thanks)).toMatch(/Thanks/);
    await h.press(notHelpful, asker); // changes their mind: replaces the vote
    await h.press(notHelpful, member('second'));
    expect(h.store.answers.tally(answerId!)).toEqual({ helpful: 0, notHelpful: 2 });

    for (let i = 0; i < 2; i++)
      await h.slash('ask', null, { question: 'Best pizza topping in Naples?' }, member(`p${i}`));
    const refused = await h.slash('faq', 'gaps', {}, member('nosy'));
    expect(textOf(refused)).toMatch(/Only mentors and recruiters/);
    const gaps = await h.slash('faq', 'gaps', {}, recruiter);
    expect(isEphemeral(gaps)).toBe(true);
    const d = descriptionOf(gaps);
    expect(d).toMatch(/2× “Best pizza topping in Naples\?” \(2 declined/);
    expect(d).toMatch(/1× “What training do new officers get\?” \(1 not helpful/);
    expect(d.indexOf('pizza')).toBeLessThan(d.indexOf('training'));
  });

  it('paging and posting carry the answer id, so a long private question still works after a restart', async () => {
    const question = `What training do new officers get? ${'Please be thorough about the academy. '.repeat(12)}`.slice(
      0,
      480,
    );
    const longAsker = member('long');
    const res = await h.slash('ask', null, { question, private: true }, longAsker);
    expect(isEphemeral(res)).toBe(true);
    const post = buttonsOf(res).find((b) => b.label === 'Post to channel')!.custom_id!;
    expect(post.length).toBeLessThanOrEqual(100);
    const state = decodeState(post)!;
    expect(Object.keys(state.args).sort()).toEqual(['@a', 'private']);
    await h.restart();
    const posted = await h.press(post, longAsker, { ephemeral: true });
    expect(posted.type).toBe(4);
    expect(isEphemeral(posted)).toBe(false);
    expect(descriptionOf(posted)).toBe(descriptionOf(res));
    // The posted copy rates the same logged answer.
    expect(decodeAction(buttonId(posted, 'Helpful'))!.args[0]).toBe(state.args['@a']);
  });

  it('wrong ids and odd input get clear short replies', async () => {
    const reader = member('odd');
    for (const typed of ['#999999', '0', '🙂🙂', '**bold** _x_', '<@123456789012345678>']) {
      const res = await h.slash('faq', 'show', { entry: typed }, reader);
      expect(res.type, typed).toBe(4);
      expect(isEphemeral(res), typed).toBe(true);
      expect(textOf(res), typed).toMatch(/can't find that entry/);
    }
    const huge = await h.slash('faq', 'show', { entry: 'x'.repeat(10_000) }, reader);
    expect(isEphemeral(huge)).toBe(true);
    expect(textOf(huge)).toMatch(/too long/);
    const emoji = await h.autocomplete('faq', 'show', 'entry', '🙂'.repeat(3000), reader);
    expect(emoji.type).toBe(8);
    expect(emoji.data.choices).toEqual([]);
    // A form id that is not a number (an old or forged form) says so and hands back the text.
    const forged = await h.submit(
      'a:faq-edit:abc',
      { question: 'Q?', answer: 'Typed with care.', link: '' },
      recruiter,
    );
    expect(textOf(forged)).toMatch(/older version/);
    expect(textOf(forged)).toContain('Typed with care.');
    expect(textOf(forged)).not.toMatch(/NaN/);
  });

  it('/faq remove takes no guesses: a partial question is refused, the number or the whole question removes it', async () => {
    const target = h.store.faq.add(
      GUILD_A,
      { question: 'Is the gym open on Sundays?', answer: 'No, Monday to Saturday.' },
      { id: 'u-r', name: 'R' },
    );
    const partial = await h.slash('faq', 'remove', { entry: 'Is the gym' }, recruiter);
    expect(textOf(partial)).toMatch(/can't find that entry.*type its number/s);
    expect(h.store.faq.get(GUILD_A, target.id)).not.toBeNull();
    const byQuestion = await h.slash('faq', 'remove', { entry: '  is the GYM open on sundays? ' }, recruiter);
    expect(textOf(byQuestion)).toMatch(new RegExp(`Removed FAQ #${target.id}`));
    expect(h.store.faq.get(GUILD_A, target.id)).toBeNull();
    const again = await h.slash('faq', 'remove', { entry: String(target.id) }, recruiter);
    expect(textOf(again)).toMatch(/can't find that entry/);
    const refused = await h.slash('faq', 'remove', { entry: '1' }, member('mallory'));
    expect(textOf(refused)).toMatch(/Only recruiters/);
  });

  it('a form submitted after the entry was removed, the role was taken away or saving broke is not saved, and gives back what was typed', async () => {
    const e = h.store.faq.add(GUILD_A, { question: 'Do you sponsor visas?', answer: 'No.' }, { id: 'u-r', name: 'R' });
    const form = modalOf(await h.slash('faq', 'edit', { entry: String(e.id) }, recruiter));
    h.store.faq.remove(GUILD_A, e.id);
    const gone = await h.submit(
      form.customId,
      { question: 'Do you sponsor visas?', answer: 'A long careful answer.', link: '' },
      recruiter,
    );
    expect(isEphemeral(gone)).toBe(true);
    expect(textOf(gone)).toMatch(new RegExp(`no FAQ entry #${e.id}`));
    expect(textOf(gone)).toContain('A long careful answer.');

    // The recruiter role was removed from the member after the form opened: checked on submit.
    const exRecruiter = { user: recruiter.user };
    const demoted = await h.submit(
      'a:faq-add',
      { question: 'Written before the demotion?', answer: 'Yes, every word.', link: '' },
      exRecruiter,
    );
    expect(textOf(demoted)).toMatch(/Only recruiters/);
    expect(textOf(demoted)).toContain('Yes, every word.');
    expect(h.store.faq.find(GUILD_A, 'Written before the demotion').length).toBe(0);
  });

  it('import refuses bad files and saves nothing: wrong schema, duplicates, too long, too many, not JSON, too big', async () => {
    const importer = admin();
    const now = new Date().toISOString();
    const good = (n: number, long = false) =>
      Array.from({ length: n }, (_, i) => ({
        question: `Imported question ${i}?`,
        answer: long && i === 3 ? 'y'.repeat(FAQ_LIMITS.answer + 1) : `Answer ${i}.`,
        link: null,
        author: 'Old Recruiter',
        updatedAt: now,
      }));
    const file = (entries: unknown, extra: Record<string, unknown> = {}) =>
      JSON.stringify({ version: 1, guildId: 'x', exportedAt: now, entries, ...extra });
    const server = await serveFiles({
      'schema.json': JSON.stringify({ hello: 'world' }),
      'array.json': JSON.stringify([1, 2, 3]),
      'version.json': file(good(1), { version: 7 }),
      'dupes.json': file([...good(2), { ...good(1)[0], question: 'IMPORTED   question 0?' }]),
      'long.json': file(good(5, true)),
      'many.json': file(good(FAQ_LIMITS.entriesPerGuild + 1)),
      'image.json': '\u0089PNG\r\n\u001a\n\u0000\u0000\u0000\rIHDR',
    });
    const expected: Record<string, RegExp> = {
      'schema.json': /not a version 1 Checkpoint FAQ export/,
      'array.json': /The file is not a Checkpoint FAQ export\. Make one with \/faq export/,
      'version.json': /not a version 1 Checkpoint FAQ export/,
      'dupes.json': /Entries 1 and 3 have the same question/,
      'long.json': /Entry 4: The answer can be at most 1500 characters/,
      'many.json': /at most 500 entries/,
      'image.json': /not valid JSON/,
    };
    try {
      const before = h.store.faq.count(GUILD_A);
      for (const [name, message] of Object.entries(expected)) {
        const res = await h.discord.interact(importPayload(h, server.url(name), importer, GUILD_A));
        const body = JSON.stringify((await h.discord.waitForEdit(res.token)).body);
        expect(body, name).toMatch(message);
        expect(body, name).toMatch(/Nothing imported/);
      }
      // Bigger than any real export: refused from its size, before downloading.
      const hits = server.hits.length;
      const big = await h.discord.interact(
        importPayload(h, server.url('schema.json'), importer, GUILD_A, 5 * 1024 * 1024),
      );
      expect(JSON.stringify((await h.discord.waitForEdit(big.token)).body)).toMatch(/too large \(at most 4096 KB\)/);
      expect(server.hits.length).toBe(hits);
      expect(h.store.faq.count(GUILD_A)).toBe(before);
    } finally {
      await server.close();
    }
  });

  it(`${FAQ_LIMITS.entriesPerGuild} entries: /faq add says the FAQ is full, /faq list pages within Discord's limits, /ask stays in its server`, async () => {
    const now = new Date().toISOString();
    const room = FAQ_LIMITS.entriesPerGuild - h.store.faq.count(GUILD_B);
    const entries = Array.from({ length: room }, (_, i) => ({
      question: `Port B question number ${i}: where is office ${i}?`,
      answer: `Office ${i} is on floor ${i % 9}.`,
      link: null,
      author: 'Bulk',
      updatedAt: now,
    }));
    h.store.faq.importEntries(
      GUILD_B,
      { version: 1, guildId: GUILD_B, exportedAt: now, entries },
      { id: 'bulk', name: 'Bulk' },
    );
    expect(h.store.faq.count(GUILD_B)).toBe(FAQ_LIMITS.entriesPerGuild);
    const full = await h.slash('faq', 'add', {}, admin(), GUILD_B);
    expect(full.type).toBe(4);
    expect(textOf(full)).toMatch(/already has 500 FAQ entries, the most allowed/);
    const late = await h.submit('a:faq-add', { question: 'One too many?', answer: 'Yes.', link: '' }, admin(), {
      guildId: GUILD_B,
    });
    expect(textOf(late)).toMatch(/already has 500 FAQ entries/);
    expect(textOf(late)).toContain('One too many?');

    const list = await h.slash('faq', 'list', {}, member('reader'), GUILD_B);
    expectWithinLimits(list, expect as never);
    expect(textOf(list)).toMatch(/500 entries/);
    expect(
      buttonsOf(list)
        .map((b) => b.label)
        .join(' '),
    ).toMatch(/Next/);

    const answer = await h.slash('ask', null, { question: 'where is office 42?' }, member('asker'), GUILD_B);
    expect(descriptionOf(answer).replace(/\*\*/g, '')).toContain('Office 42 is on floor 6');
    const elsewhere = await h.slash('ask', null, { question: 'where is office 42?' }, member('asker'), GUILD_A);
    expect(textOf(elsewhere)).not.toContain('Office 42');
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
