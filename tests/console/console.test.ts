import { spawnSync } from 'node:child_process';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { jsonAnswerSchema } from '../../src/answers/contract.js';
import { renderText } from '../../src/answers/render-text.js';
import { askView, salaryView } from '../../src/answers/views.js';
import { answerLine, parseAskArgs } from '../../src/console/ask.js';
import { parseConsoleInput } from '../../src/console/parse.js';
import { handleLine } from '../../src/console/repl.js';
import { runConsole } from '../../src/console/run.js';
import { loadKnowledgeBase } from '../../src/knowledge.js';

const kb = loadKnowledgeBase();
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ANSI = /\u001b\[/;

/** Runs the console in-process on piped input; resolves with everything it printed. */
const consoleOn = async (input: string, opts: { isTTY?: boolean; color?: boolean } = {}): Promise<string> => {
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  let out = '';
  stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
  const done = runConsole({ kb, input: stdin, output: stdout, isTTY: opts.isTTY ?? false, color: opts.color ?? false });
  stdin.end(input);
  await done;
  return out;
};

const BAD_INPUTS = [
  '',
  '   ',
  'x'.repeat(10_000),
  'salary\u0000\u0001\u0007\u001b[2J\u007f',
  '\u200b\u200c\u200d\ufeff\u200f\u202e\u2066',
  '🛂🛃 💵💵 how much?? 😀',
  '# Salary\n',
  '**bold** _it_ `code` > quote [x](http://example.com)',
  'the of and to a is it',
  "' OR 1=1; DROP TABLE questions; --",
  '<img src=x onerror=alert(1)><b>training</b>',
  '/',
  '/ salary',
  '/salary role:',
  '/salary role: "',
  '/levels level: "unterminated',
  '///',
];

describe('parseConsoleInput', () => {
  const p = (line: string) => parseConsoleInput(line, commands);
  const raw = (line: string) => {
    const r = p(line);
    return r.kind === 'command' ? { name: r.command.name, raw: r.raw } : r;
  };

  it('reads options with or without quotes', () => {
    expect(raw('/salary role: Border Patrol Agent')).toEqual({ name: 'salary', raw: { role: 'Border Patrol Agent' } });
    expect(raw('/salary role:"Border Patrol Agent"')).toEqual({ name: 'salary', raw: { role: 'Border Patrol Agent' } });
    expect(raw("/salary role: 'CBP Officer'  ")).toEqual({ name: 'salary', raw: { role: 'CBP Officer' } });
    expect(raw('/salary role=“CBP Officer”')).toEqual({ name: 'salary', raw: { role: 'CBP Officer' } });
    expect(raw('/levels level: emerging topic: traveler interviews')).toEqual({
      name: 'levels',
      raw: { level: 'emerging', topic: 'traveler interviews' },
    });
    expect(raw('/LEVELS Level:Advanced')).toEqual({ name: 'levels', raw: { level: 'Advanced' } });
    expect(raw('/ask question: what happens at 5:30? private: yes')).toEqual({
      name: 'ask',
      raw: { question: 'what happens at 5:30?', private: 'yes' },
    });
    expect(raw('/ask question: "topic: salary" private: no')).toEqual({
      name: 'ask',
      raw: { question: 'topic: salary', private: 'no' },
    });
  });

  it('fills the first required option from positional text', () => {
    expect(raw('/levels emerging')).toEqual({ name: 'levels', raw: { level: 'emerging' } });
    expect(raw('/salary border patrol agent')).toEqual({ name: 'salary', raw: { role: 'border patrol agent' } });
    expect(raw('/ask how much do they make')).toEqual({ name: 'ask', raw: { question: 'how much do they make' } });
    expect(p('/roles everything').kind).toBe('error');
  });

  it('knows questions, quitting, unknown commands and unknown options', () => {
    expect(p('how much?')).toEqual({ kind: 'question', text: 'how much?' });
    expect(p('  ')).toEqual({ kind: 'empty' });
    for (const q of ['/quit', '/exit', 'quit', 'EXIT', '/q']) expect(p(q).kind).toBe('quit');
    expect(p('/frobnicate now')).toEqual({ kind: 'unknown-command', name: 'frobnicate' });
    expect(raw('/salary job: pilot')).toEqual({ name: 'salary', raw: { job: 'pilot' } });
  });
});

describe('handleLine', () => {
  it('runs commands through parseOptions and the registry', async () => {
    const unknownOpt = await handleLine(kb, '/salary job: pilot', commands);
    expect(unknownOpt.kind === 'reply' && unknownOpt.reply.intro).toMatch(/has no option `job`/);
    const unknownCmd = await handleLine(kb, '/frobnicate', commands);
    expect(unknownCmd.kind === 'reply' && unknownCmd.reply.intro).toMatch(/\/salary.*\/help.*\/quit/);
    const badChoice = await handleLine(kb, '/levels level: expert', commands);
    expect(badChoice.kind === 'reply' && badChoice.reply.intro).toMatch(/must be one of: emerging/);
    const ok = await handleLine(kb, '/salary role:"Border Patrol Agent"', commands);
    expect(ok.kind === 'reply' && ok.reply.items.length).toBe(1);
  });

  it.each(BAD_INPUTS.map((s) => [JSON.stringify(s).slice(0, 40), s]))('never throws on %s', async (_label, line) => {
    const r = await handleLine(kb, line, commands);
    expect(['reply', 'none', 'quit']).toContain(r.kind);
    if (r.kind === 'reply') {
      const text = renderText(r.reply, { color: false });
      expect(text.length).toBeLessThan(20_000);
      expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
    }
  });
});

describe('renderText', () => {
  it('prints title, items with [n], sources and attribution; colour only when asked', () => {
    const r = askView(kb, 'what skills do officers need');
    const text = renderText(r, { color: false });
    expect(text).not.toMatch(ANSI);
    expect(text.split('\n')[0]).toBe(r.title);
    expect(text).toMatch(/\[1\]/);
    expect(text).toContain('Sources');
    for (const c of r.citations) expect(text).toContain(`[${c.n}] ${c.title}`);
    const colored = renderText(r, { color: true });
    expect(colored).toMatch(ANSI);
    expect(colored).toMatch(/\u001b\[1m\u001b\[4m/); // marks: bold + underline
  });

  it('shows URLs, suggestions, buttons and strips escape sequences from echoed input', () => {
    const sources = renderText(salaryView(kb, 'astronaut'), { color: false });
    expect(sources).toContain('The salary table lists:');
    // Roles offered as buttons are not listed a second time.
    expect(sources.match(/CBP Officer/g)).toHaveLength(2);
    expect(sources).toContain('/salary role: CBP Officer');
    const evil = renderText(askView(kb, 'pay \u001b[2J\u001b]0;pwned\u0007 now'), { color: false });
    expect(evil).not.toMatch(/[\u001b\u0007]/);
  });
});

describe('runConsole (in-process, piped)', () => {
  it('answers every line in order, runs commands, and ends at EOF', async () => {
    const out = await consoleOn(
      'how much does a border patrol agent make\n/salary role: CBP Officer\n/levels level: emerging\n/help\n',
    );
    const at = (s: string) => out.indexOf(s);
    expect(at('Border Patrol Agent — Average Salary')).toBeGreaterThanOrEqual(0);
    expect(at('Salary — CBP Officer')).toBeGreaterThan(at('Border Patrol Agent — Average Salary'));
    expect(at('Emerging level')).toBeGreaterThan(at('Salary — CBP Officer'));
    expect(at('Commands')).toBeGreaterThan(at('Emerging level'));
    expect(out).not.toMatch(ANSI);
    expect(out).not.toMatch(/^> /m);
  });

  it('stops at /quit', async () => {
    const out = await consoleOn('/quit\nhow much does a border patrol agent make\n');
    expect(out).toBe('');
  });

  it('survives every kind of bad input, CRLF line ends and no final newline', async () => {
    const out = await consoleOn(`${BAD_INPUTS.join('\r\n')}\r\nwhat training do new officers get`);
    expect(out).toContain('What training do new officers get');
    expect(out).toMatch(/Unknown command|Check your options/);
  });

  it('on a TTY prints a banner and prompts, in colour when asked', async () => {
    const out = await consoleOn('/roles\n', { isTTY: true, color: true });
    expect(out).toContain('/help');
    expect(out).toContain('> ');
    expect(out).toMatch(ANSI);
  });
});

describe('ask CLI', () => {
  it('parses its arguments', () => {
    expect(parseAskArgs(['--json', 'how', 'much'])).toEqual({
      json: true,
      stdin: false,
      question: 'how much',
      help: false,
    });
    expect(parseAskArgs(['--json', '-'])).toEqual({ json: true, stdin: true, question: null, help: false });
    expect(parseAskArgs(['--', '--weird question'])).toMatchObject({ question: '--weird question' });
    expect(parseAskArgs([])).toBeTypeOf('string');
    expect(parseAskArgs(['--json'])).toBeTypeOf('string');
    expect(parseAskArgs(['--jsn', 'q'])).toBeTypeOf('string');
    expect(parseAskArgs(['-', 'q'])).toBeTypeOf('string');
  });

  it.each(BAD_INPUTS.map((s) => [JSON.stringify(s).slice(0, 40), s]))('answerLine never throws on %s', (_l, line) => {
    const a = answerLine(kb, line);
    expect(jsonAnswerSchema.safeParse(a).success).toBe(true);
    if (line.trim() === '') expect(a).toEqual({ query: '', answered: false, topic: null, results: [] });
  });

  const spawnAsk = (args: string[], input?: string, env: NodeJS.ProcessEnv = {}) =>
    spawnSync('npx', ['tsx', 'src/console/ask.ts', ...args], {
      cwd: ROOT,
      input,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1', ...env },
      timeout: 30_000,
    });

  it('answers from DATA_DIR when it is set, and ignores bot settings it does not use', () => {
    const res = spawnAsk(['--json', 'what does a seed inspector earn'], undefined, {
      DATA_DIR: 'tests/fixtures/occupation',
      DISCORD_TOKEN: 'not-a-token',
    });
    expect(res.status).toBe(0);
    const obj = jsonAnswerSchema.parse(JSON.parse(res.stdout));
    expect(obj.answered).toBe(true);
    expect(obj.results[0]!.citation.source).toMatch(/^fixture-/);
  }, 40_000);

  it('--json - answers stdin as JSON Lines, in order, with pure JSON on stdout', () => {
    const questions = [
      'how much does a border patrol agent make',
      '',
      'what is the retirement age',
      'what training do new officers get',
      '   ',
    ];
    const res = spawnAsk(['--json', '-'], `${questions.join('\n')}\n`);
    expect(res.status).toBe(0);
    const lines = res.stdout.split('\n');
    expect(lines.at(-1)).toBe('');
    const objects = lines.slice(0, -1).map((l) => jsonAnswerSchema.parse(JSON.parse(l)));
    expect(objects.map((o) => o.query)).toEqual([
      'how much does a border patrol agent make',
      '',
      'what is the retirement age',
      'what training do new officers get',
      '',
    ]);
    expect(objects[0]!.answered).toBe(true);
    expect(objects[0]!.topic).toBe('salary');
    expect(objects[0]!.results[0]!.citation.source).toBe('guide-customs-immigration-careers');
    expect(objects[1]).toEqual({ query: '', answered: false, topic: null, results: [] });
    expect(objects[2]!.answered).toBe(false);
    expect(objects[2]!.results).toEqual([]);
    expect(objects[4]).toEqual({ query: '', answered: false, topic: null, results: [] });
  }, 40_000);

  it('--json "question" prints one object; text mode prints the answer; usage errors exit 2', () => {
    const json = spawnAsk(['--json', 'what are the physical fitness requirements']);
    expect(json.status).toBe(0);
    const obj = jsonAnswerSchema.parse(JSON.parse(json.stdout));
    expect(obj.answered).toBe(true);
    expect(json.stdout.trim().split('\n')).toHaveLength(1);

    const text = spawnAsk(['how much does a border patrol agent make']);
    expect(text.status).toBe(0);
    expect(text.stdout).toContain('Border Patrol Agent — Average Salary');
    expect(text.stdout).toContain('Sources');
    expect(text.stdout).not.toMatch(ANSI);

    const usage = spawnAsk(['--json']);
    expect(usage.status).toBe(2);
    expect(usage.stdout).toBe('');
    expect(usage.stderr).toMatch(/usage/);
    expect(spawnAsk(['--nope', 'x']).status).toBe(2);
  }, 60_000);
});
