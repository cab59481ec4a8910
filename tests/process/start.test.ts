/**
 * `npm start` with a token, as a real process: it connects to (the fake) Discord, answers an
 * interaction, never logs the token, and on SIGTERM drains and exits 0 within 5 s.
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

beforeAll(async () => {
  discord = await startFakeDiscord({ token: TOKEN, guilds: [{ id: '1200000000000000001', name: 'HQ', channels: [{ id: '1200000000000000002', name: 'general' }] }] });
  child = spawn(process.execPath, [join(root, 'scripts/launch.mjs'), 'main'], {
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
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  await discord.waitForSession({ timeoutMs: 20_000 });
}, 30_000);

afterAll(async () => {
  if (child.exitCode === null) child.kill('SIGKILL');
  await discord.close();
});

describe('npm start with DISCORD_TOKEN', () => {
  it('connects and answers a slash command', async () => {
    const res = await discord.interact(payloads.slashCommand({ name: 'ask', guild: discord.guild(), user: payloads.user({ username: 'member' }), options: { question: 'how much does a border patrol agent make' } }), { timeoutMs: 10_000 });
    const embeds = (res.data.embeds ?? []) as { description?: string }[];
    expect(embeds[0]?.description).toContain('$60,000 - $80,000');
    expect(res.data.allowed_mentions).toEqual({ parse: [] });
  });

  it('logs structured lines to stderr, never the token, nothing on stdout', async () => {
    // The per-interaction line is written once the reply has gone out.
    for (let i = 0; i < 100 && !stderr.includes('"msg":"interaction"'); i++) await new Promise((r) => setTimeout(r, 20));
    expect(stderr).not.toContain(TOKEN);
    expect(stdout.trim()).toBe('');
    const lines = stderr.trim().split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.some((l) => l.msg === 'connected to Discord')).toBe(true);
    expect(lines.some((l) => l.msg === 'interaction' && l.command === 'ask' && typeof l.latencyMs === 'number' && l.outcome === 'answered')).toBe(true);
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
