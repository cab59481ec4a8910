import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

const TOKEN = 'MTEwMDAwMDAwMDAwMDAwMDAwMQ.GxYzAb.abcdefghijklmnopqrstuvwxyz0123';
const root = fileURLToPath(new URL('..', import.meta.url));

describe('configuration from the environment', () => {
  it('defaults everything optional', () => {
    const c = loadConfig({});
    expect(c.DISCORD_TOKEN).toBeUndefined();
    expect(c.DATABASE_PATH).toBe('./var/checkpoint.db');
    expect(c.LOG_LEVEL).toBe('info');
  });
  it('treats blank values as unset', () => {
    expect(loadConfig({ DISCORD_TOKEN: '  ', DISCORD_GUILD_ID: '' }).DISCORD_TOKEN).toBeUndefined();
  });
  it.each([
    ['DISCORD_TOKEN', 'not-a-token'],
    ['DISCORD_CLIENT_ID', 'abc'],
    ['DISCORD_GUILD_ID', '12'],
    ['DISCORD_API_BASE', 'not a url'],
    ['LOG_LEVEL', 'loud'],
    ['NODE_ENV', 'staging'],
  ])('rejects a bad %s with one line naming it, never echoing the value', (name, value) => {
    let error: unknown;
    try {
      loadConfig({ [name]: value });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toContain(name);
    expect(message).not.toContain('\n');
    if (name === 'DISCORD_TOKEN') expect(message).not.toContain(value);
  });
  it('accepts a well-formed token', () => {
    expect(loadConfig({ DISCORD_TOKEN: TOKEN }).DISCORD_TOKEN).toBe(TOKEN);
  });
});

describe('npm start without a token', () => {
  const run = (env: Record<string, string>, input = '') =>
    spawnSync(process.execPath, [join(root, 'scripts/launch.mjs'), 'main'], {
      cwd: mkdtempSync(join(tmpdir(), 'checkpoint-main-')),
      input,
      env: {
        PATH: process.env.PATH ?? '',
        DATABASE_PATH: join(mkdtempSync(join(tmpdir(), 'checkpoint-db-')), 'c.db'),
        ...env,
      },
      encoding: 'utf8',
      timeout: 30_000,
    });

  it('in production: exits 1 naming DISCORD_TOKEN', () => {
    const r = run({ NODE_ENV: 'production' });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('DISCORD_TOKEN');
  });
  it('otherwise: the local console answers piped questions and exits 0', () => {
    const r = run({}, 'how much does a border patrol agent make\n');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('$60,000 - $80,000');
    expect(r.stdout).toContain('Data and Trends');
  });
  it('a bad variable stops start-up with one line', () => {
    const r = run({ LOG_LEVEL: 'loud' });
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('LOG_LEVEL');
  });
});
