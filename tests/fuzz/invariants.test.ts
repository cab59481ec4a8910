/**
 * The fuzz's checks can fail: each one, fed a request or a database that breaks its invariant,
 * reports it (a check that never fires would let the fuzz pass whatever the bot does).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.js';
import type { RecordedRequest } from '../support/fake-discord.js';
import { FaqLedger } from './faq-ledger.js';
import { checkStore, loneSurrogateAt, pingProblem, requestProblems } from './invariants.js';
import { CAST, GUILDS } from './world.js';

const request = (method: string, path: string, body: unknown, status = 200): RecordedRequest => ({
  n: 1,
  at: 0,
  method,
  path,
  query: {},
  headers: {},
  body,
  files: [],
  status,
  response: {},
  unknownRoute: false,
});
const callback = (data: Record<string, unknown>) =>
  request('POST', '/interactions/1/token/callback', { type: 4, data });

describe('request checks', () => {
  it('a body that could ping is reported; one that allows no mention is not', () => {
    expect(pingProblem(callback({ content: '@everyone hi', allowed_mentions: { parse: [] } }))).toBeNull();
    expect(pingProblem(callback({ embeds: [{ description: '@everyone' }] }))).toBeNull(); // embeds never ping
    expect(pingProblem(callback({ content: '@everyone hi' }))).toMatch(/without allowed_mentions/);
    expect(pingProblem(callback({ content: 'x', allowed_mentions: { parse: ['everyone'] } }))).toMatch(/everyone/);
    expect(pingProblem(callback({ content: 'x', allowed_mentions: { parse: [], roles: ['1'] } }))).toMatch(/roles/);
    expect(
      pingProblem(
        request('PATCH', '/webhooks/1/token/messages/@original', {
          content: 'x',
          allowed_mentions: { parse: ['users'] },
        }),
      ),
    ).toMatch(/users/);
    const reply = { content: 'x', message_reference: { message_id: '1' } };
    expect(pingProblem(request('POST', '/channels/1/messages', { ...reply, allowed_mentions: { parse: [] } }))).toMatch(
      /replied_user/,
    );
    expect(
      pingProblem(
        request('POST', '/channels/1/messages', { ...reply, allowed_mentions: { parse: [], replied_user: false } }),
      ),
    ).toBeNull();
  });

  it('lone surrogates and rejected requests are reported', () => {
    expect(loneSurrogateAt({ embeds: [{ title: 'ok 😀' }] })).toBeNull();
    expect(loneSurrogateAt({ embeds: [{ title: 'cut 😀'.slice(0, -1) }] })).toBe('$.embeds[0].title');
    expect(loneSurrogateAt('\uDE00 starts with a low half')).toBe('$');
    expect(
      requestProblems(request('POST', '/channels/1/messages', { content: '' }, 400)).map((p) => p.invariant),
    ).toEqual(['no-rejected-request']);
  });
});

describe('store checks', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'checkpoint-fuzz-checks-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reports writes by role-less members and acknowledged FAQ entries that are missing or changed', () => {
    const dbPath = path.join(dir, 'checkpoint.db');
    const store = openStore({ path: dbPath });
    const guild = GUILDS[0]!.id;
    const outsider = CAST.find((m) => m.standing[guild] === 'outsider')!.user;
    const recruiter = CAST.find((m) => m.standing[guild] === 'recruiter')!.user;
    const kept = store.faq.add(guild, { question: 'Kept?', answer: 'Yes.', link: '' }, { id: recruiter.id, name: 'r' });
    const changed = store.faq.add(
      guild,
      { question: 'Changed?', answer: 'Before.', link: '' },
      { id: recruiter.id, name: 'r' },
    );
    store.faq.add(guild, { question: 'Forged?', answer: 'By an outsider.', link: '' }, { id: outsider.id, name: 'o' });
    store.checklists.addCustomItem(guild, { level: 'emerging', text: 'forged item' }, { id: outsider.id, name: 'o' });
    store.settings.update(guild, { answersPrivate: true }, recruiter.id);
    store.faq.edit(guild, changed.id, { question: 'Changed?', answer: 'After.', link: '' }, recruiter.id);
    store.close();

    const ledger = new FaqLedger();
    ledger.record(1, guild, `Added to this server's FAQ as #${kept.id}.`, { question: ' Kept? ', answer: 'Yes.' });
    ledger.record(2, guild, `Saved FAQ #${changed.id}.`, { question: 'Changed?', answer: 'Before.' });
    ledger.record(3, guild, "Added to this server's FAQ as #999.", { question: 'Lost?', answer: 'Gone.' });
    const found = checkStore(dbPath, ledger);
    expect(found.violations.map((v) => v.invariant).sort()).toEqual([
      'no-lost-faq-writes', // #999
      'no-lost-faq-writes', // changed after it was acknowledged
      'no-role-less-writes', // FAQ author
      'no-role-less-writes', // FAQ editor (the same outsider)
      'no-role-less-writes', // checklist item
      'no-role-less-writes', // settings by a member without Manage Server
    ]);
    expect(found.violations.map((v) => v.detail).join('\n')).not.toMatch(new RegExp(`FAQ #${kept.id}\\b`));
  });
});
