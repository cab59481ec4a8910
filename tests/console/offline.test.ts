/**
 * The console as a local server (`console`, member `console-user` with Manage Server): forms are
 * asked field by field, buttons are pressed by number, menus answered with `pick`, and
 * checklists and the server FAQ work offline against a real SQLite file.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { parseConsoleInput } from '../../src/console/parse.js';
import { CONSOLE_GUILD_ID, CONSOLE_USER_ID } from '../../src/console/repl.js';
import { runConsole } from '../../src/console/run.js';
import { loadKnowledgeBase, type KnowledgeBase } from '../../src/knowledge.js';
import { openStore, type Store } from '../../src/store/index.js';

let kb: KnowledgeBase;
const cleanup: (() => void)[] = [];

beforeAll(() => {
  kb = loadKnowledgeBase();
});

afterEach(() => {
  for (const f of cleanup.splice(0)) f();
});

const tempStore = (): { store: Store; dir: string } => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'checkpoint-console-'));
  const store = openStore({ path: path.join(dir, 'checkpoint.db') });
  cleanup.push(() => {
    store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return { store, dir };
};

/** Runs the console on piped lines; resolves with everything it printed. */
const consoleOn = async (lines: string[], store?: Store, isTTY = false): Promise<string> => {
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  let out = '';
  stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
  const done = runConsole({ kb, input: stdin, output: stdout, isTTY, color: false, ...(store ? { store } : {}) });
  stdin.end(`${lines.join('\n')}\n`);
  await done;
  return out;
};

describe('console subcommands', () => {
  it('parses `/checklist post level: emerging` and positional values after the subcommand', () => {
    const r = parseConsoleInput('/checklist post level: emerging', commands);
    expect(r.kind === 'command' && { name: r.command.name, sub: r.subcommand, raw: r.raw }).toEqual({
      name: 'checklist',
      sub: 'post',
      raw: { level: 'emerging' },
    });
    const p = parseConsoleInput('/checklist stats advanced', commands);
    expect(p.kind === 'command' && p.raw).toEqual({ level: 'advanced' });
    expect(parseConsoleInput('/checklist frobnicate', commands)).toMatchObject({
      kind: 'error',
      message: expect.stringContaining('post, add, remove, stats'),
    });
  });

  it('a command with subcommands run bare lists them', async () => {
    const out = await consoleOn(['/faq']);
    expect(out).toMatch(/\/faq add/);
    expect(out).toMatch(/\/faq import file: <file>/);
  });
});

describe('console offline: server FAQ', () => {
  it('/faq add asks each field, saves, and a free question then cites the entry as server-written', async () => {
    const { store } = tempStore();
    const out = await consoleOn(
      [
        '/faq add',
        'When is the next hiring event?',
        'Hiring event on March 3 at the visitor centre.\\nBring two forms of ID.',
        '',
        'when is the next hiring event',
        '/faq list',
      ],
      store,
    );
    expect(out).toMatch(/Added to this server's FAQ as #1/);
    const [entry] = store.faq.list(CONSOLE_GUILD_ID);
    expect(entry).toMatchObject({
      question: 'When is the next hiring event?',
      answer: 'Hiring event on March 3 at the visitor centre.\nBring two forms of ID.',
      link: null,
      authorId: CONSOLE_USER_ID,
    });
    expect(out).toMatch(/Includes this server's own FAQ/);
    expect(out).toMatch(
      /\[1\] Server FAQ \(written by this server’s recruiters\) — When is the next hiring event\? \(written by console, /,
    );
    expect(out).toMatch(/#1 When is the next hiring event\?/);
  });

  it('a blank required field cancels the form and saves nothing; the next line is a normal command', async () => {
    const { store } = tempStore();
    const out = await consoleOn(['/faq add', 'A question?', '', '/help'], store);
    expect(out).toMatch(/Answer is required\. Nothing was saved\./);
    expect(out).toMatch(/Commands/);
    expect(store.faq.count(CONSOLE_GUILD_ID)).toBe(0);
  });

  it('export and import files through local paths', async () => {
    const { store, dir } = tempStore();
    store.faq.add(CONSOLE_GUILD_ID, { question: 'Parking?', answer: 'Lot C.' }, { id: 'x', name: 'Rae' });
    const file = path.join(dir, 'faq.json');
    fs.writeFileSync(file, JSON.stringify(store.faq.exportEntries(CONSOLE_GUILD_ID)));
    store.faq.remove(CONSOLE_GUILD_ID, 1);
    const out = await consoleOn(
      ['/faq export', `/faq import file: ${file}`, `/faq import file: ${path.join(dir, 'missing.json')}`],
      store,
    );
    expect(out).toMatch(/attached file checkpoint-faq\.json/);
    expect(out).toMatch(/1 added, 0 updated, 0 unchanged/);
    expect(out).toMatch(/couldn't read .*missing\.json: ENOENT/);
    expect(store.faq.list(CONSOLE_GUILD_ID).map((e) => e.question)).toEqual(['Parking?']);
  });

  it('without a store, saving features say so and answers still work', async () => {
    const out = await consoleOn(['/faq add', 'what training do new officers get']);
    expect(out).toMatch(/Saving is unavailable right now; answers from the documents still work\./);
    expect(out).toMatch(/\[1\]/);
  });
});

describe('console offline: checklists', () => {
  it('/checklist post, press Track my progress by number, tick with pick, see /progress', async () => {
    const { store } = tempStore();
    const out = await consoleOn(
      ['/checklist post level: emerging', '1', 'pick 1 2 3', '/progress show', '/progress forget', '1'],
      store,
    );
    expect(out).toMatch(/Emerging level checklist/);
    expect(out).toMatch(/\[1\] Track my progress/);
    expect(out).toMatch(/Your Emerging checklist/);
    expect(out).toMatch(/\(1\)\s+1\. /);
    expect(out).toMatch(/▰▰▰▱▱▱▱▱▱▱ 3\/10/);
    expect(out).toMatch(/Emerging\s+▰▰▰▱▱▱▱▱▱▱ 3\/10/);
    expect(out).toMatch(/Deleted 3 checklist ticks/);
    expect(store.checklists.progress(CONSOLE_GUILD_ID, CONSOLE_USER_ID)).toEqual([]);
  });

  it('a number with nothing to press is a question, and unknown options are refused', async () => {
    const { store } = tempStore();
    const out = await consoleOn(
      ['/checklist post level: emerging', '7', '/progress show level: emerging', 'pick 99'],
      store,
    );
    expect(out).toMatch(/No such button/);
    expect(out).toMatch(/There is no option 99/);
  });

  it('on a TTY, forms prompt field by field', async () => {
    const { store } = tempStore();
    const out = await consoleOn(['/faq add', 'Q?', 'A.', ''], store, true);
    expect(out).toMatch(/New FAQ entry — one line per field/);
    expect(out).toMatch(/Question: /);
    expect(out).toMatch(/Link \(optional\) \(Enter to skip\): /);
    expect(store.faq.count(CONSOLE_GUILD_ID)).toBe(1);
  });
});
