/**
 * `npm start` with a token, as a real process: it connects to (the fake) Discord, answers an
 * interaction, never logs the token, and on SIGTERM — or SIGINT with a reply still in flight —
 * finishes what it is doing and exits 0 within 5 s.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeDiscord, type FakeDiscord } from '../support/fake-discord.js';
import * as payloads from '../support/payloads.js';

const TOKEN = 'MTEwMDAwMDAwMDAwMDAwMDAwMQ.GxYzAb.abcdefghijklmnopqrstuvwxyz0123';
const root = fileURLToPath(new URL('../..', import.meta.url));

let discord: FakeDiscord;
let child: ChildProcess;
let stderr = '';
let stdout = '';

/** `npm start` in a scratch directory, against the fake Discord. */
const startBot = (out: (s: string) => void, err: (s: string) => void): ChildProcess => {
  const bot = spawn(process.execPath, [join(root, 'scripts/launch.mjs'), 'main'], {
    cwd: mkdtempSync(join(tmpdir(), 'checkpoint-start-')),
    env: {
      PATH: process.env.PATH ?? '',
      DISCORD_TOKEN: TOKEN,
      DISCORD_API_BASE: discord.apiBase,
      DATABASE_PATH: join(mkdtempSync(join(tmpdir(), 'checkpoint-db-')), 'c.db'),
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  bot.stdout!.on('data', (d: Buffer) => out(d.toString()));
  bot.stderr!.on('data', (d: Buffer) => err(d.toString()));
  return bot;
};

beforeAll(async () => {
  discord = await startFakeDiscord({
    token: TOKEN,
    guilds: [{ id: '1200000000000000001', name: 'HQ', channels: [{ id: '1200000000000000002', name: 'general' }] }],
  });
  child = startBot(
    (s) => (stdout += s),
    (s) => (stderr += s),
  );
  await discord.waitForSession({ timeoutMs: 20_000 });
}, 30_000);

afterAll(async () => {
  if (child.exitCode === null) child.kill('SIGKILL');
  await discord.close();
});

describe('npm start with DISCORD_TOKEN', () => {
  it('connects and answers a slash command', async () => {
    const res = await discord.interact(
      payloads.slashCommand({
        name: 'ask',
        guild: discord.guild(),
        user: payloads.user({ username: 'member' }),
        options: { question: 'how much does a border patrol agent make' },
      }),
      { timeoutMs: 10_000 },
    );
    const embeds = (res.data.embeds ?? []) as { description?: string }[];
    expect(embeds[0]?.description).toContain('$60,000 - $80,000');
    expect(res.data.allowed_mentions).toEqual({ parse: [] });
  });

  it('logs structured lines to stderr, never the token, nothing on stdout', async () => {
    // The per-interaction line is written once the reply has gone out.
    for (let i = 0; i < 100 && !stderr.includes('"msg":"interaction"'); i++)
      await new Promise((r) => setTimeout(r, 20));
    expect(stderr).not.toContain(TOKEN);
    expect(stdout.trim()).toBe('');
    const lines = stderr
      .trim()
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.some((l) => l.msg === 'connected to Discord')).toBe(true);
    expect(
      lines.some(
        (l) =>
          l.msg === 'interaction' && l.command === 'ask' && typeof l.latencyMs === 'number' && l.outcome === 'answered',
      ),
    ).toBe(true);
  });

  it('exits 0 within 5 s of SIGTERM', async () => {
    const started = Date.now();
    const code = await new Promise<number | null>((resolve) => {
      child.once('exit', (c) => resolve(c));
      child.kill('SIGTERM');
    });
    expect(code).toBe(0);
    expect(Date.now() - started).toBeLessThan(5000);
  }, 10_000);
});

describe('npm start and SIGINT (Ctrl-C) with a reply in flight', () => {
  it('finishes the reply, logs it, disconnects and exits 0 within 5 s', async () => {
    let log = '';
    const since = discord.mark();
    const bot = startBot(
      () => undefined,
      (s) => (log += s),
    );
    try {
      await discord.waitForSession({ since, timeoutMs: 20_000 });
      for (let i = 0; i < 200 && !log.includes('connected to Discord'); i++)
        await new Promise((r) => setTimeout(r, 20));
      // Discord is slow to take this reply: it is still in flight when Ctrl-C arrives.
      discord.delayNext('POST /interactions/:id/:token/callback', 1500);
      const reply = discord.interact(
        payloads.slashCommand({ name: 'salary', guild: discord.guild(), user: payloads.user({ username: 'member' }) }),
        { timeoutMs: 10_000 },
      );
      await discord.waitForRequest('POST /interactions/:id/:token/callback', { since, timeoutMs: 10_000 });
      const started = Date.now();
      const code = await new Promise<number | null>((resolve) => {
        bot.once('exit', (c) => resolve(c));
        bot.kill('SIGINT');
      });
      expect(code).toBe(0);
      expect(Date.now() - started).toBeLessThan(5000);
      expect((await reply).data.embeds?.length).toBe(1);
      const lines = log
        .trim()
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      const at = (msg: string) => lines.findIndex((l) => l.msg === msg);
      expect(lines.find((l) => l.msg === 'shutting down')).toMatchObject({ signal: 'SIGINT', inFlight: 1 });
      expect(lines.find((l) => l.msg === 'interaction')).toMatchObject({ command: 'salary', outcome: 'answered' });
      expect(at('interaction')).toBeLessThan(at('disconnected from Discord'));
      expect(log).not.toContain(TOKEN);
    } finally {
      if (bot.exitCode === null) bot.kill('SIGKILL');
    }
  }, 30_000);
});
