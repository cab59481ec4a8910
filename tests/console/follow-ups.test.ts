/**
 * The console holds a conversation like a DM with the bot: free questions that lean on the one
 * before are read against it with the same conversation code, and say so.
 */
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { createSession, handleLine } from '../../src/console/repl.js';
import { runConsole } from '../../src/console/run.js';
import { loadKnowledgeBase } from '../../src/knowledge.js';

const kb = loadKnowledgeBase();

const consoleOn = async (lines: string[], isTTY = false): Promise<string> => {
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  let out = '';
  stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
  const done = runConsole({ kb, input: stdin, output: stdout, isTTY, color: false });
  stdin.end(`${lines.join('\n')}\n`);
  await done;
  return out;
};

/** The printed text from the answer titled `title` on (before it: null). */
const from = (out: string, title: string) => {
  const at = out.indexOf(`${title}\n`);
  return at < 0 ? null : { before: out.slice(0, at), after: out.slice(at) };
};

describe('console follow-ups', () => {
  it('piped: "what about border patrol?" after a salary question keeps the topic, and says so', async () => {
    const out = await consoleOn(['how much does a CBP officer make', 'what about border patrol agents?']);
    const second = from(out, 'What about border patrol agents?');
    expect(second?.before).not.toMatch(/Following up/);
    expect(second?.after).toMatch(
      /^What about border patrol agents\?\nFollowing up on this conversation \(Salary and growth\)\./,
    );
    expect(second?.after).toContain('Border Patrol Agent — Average Salary');
  });

  it('piped: "and the salary?" after a role question keeps the role', async () => {
    const out = await consoleOn(['What do Border Patrol Agents do?', 'and the salary?']);
    const second = from(out, 'And the salary?');
    expect(second?.after).toMatch(/^And the salary\?\nFollowing up on this conversation \(Border Patrol Agent\)\./);
    expect(second?.after).toContain('Border Patrol Agent — Average Salary');
  });

  it('a question that stands on its own starts afresh', async () => {
    const out = await consoleOn(['What do Border Patrol Agents do?', 'how do I apply?']);
    const second = from(out, 'How do I apply?');
    expect(second?.after).toBeDefined();
    expect(out).not.toMatch(/Following up/);
  });

  it('interactive: the same note at the prompt', async () => {
    const out = await consoleOn(['how much does a CBP officer make', 'what about border patrol agents?'], true);
    expect(out).toMatch(
      /> (\u001b\[\d*G)?What about border patrol agents\?\nFollowing up on this conversation \(Salary and growth\)\./,
    );
  });

  it('a vague question offers its clarifying choices as commands to type', async () => {
    const r = await handleLine(kb, 'salary?', commands);
    expect(r.kind === 'reply' && r.reply.intro).toBe('Salaries differ by role. Which one?');
    const choices = r.kind === 'reply' ? (r.reply.buttons ?? []) : [];
    expect(choices).toContainEqual({
      kind: 'choice',
      label: 'Border Patrol Agent',
      command: 'ask',
      args: { question: 'salary of a Border Patrol Agent' },
    });
  });

  it('each session is its own conversation; commands do not join it', async () => {
    const session = createSession(kb, { commands });
    await handleLine(kb, 'What do Border Patrol Agents do?', commands, session);
    await handleLine(kb, '/roles', commands, session);
    const next = await handleLine(kb, 'how much do they make?', commands, session);
    expect(next.kind === 'reply' && next.reply.intro).toMatch(
      /Following up on this conversation \(Border Patrol Agent\)/,
    );
    const fresh = await handleLine(kb, 'how much do they make?', commands);
    expect(fresh.kind === 'reply' && (fresh.reply.intro ?? '')).not.toMatch(/Following up/);
  });
});
