/**
 * Interaction latency through the real discord.js client and the fake Discord on 127.0.0.1:
 * INTERACTION_CREATE sent over the gateway → interaction callback received over REST.
 *
 * The bot runs as its own process, as `npm start` runs it after `npm install` (the bundled
 * entry point, built here into node_modules/.cache so dist/ is left alone), and the fake Discord
 * runs here: the two share neither an event loop nor a heap, so the latency is the bot's and so
 * is the memory figure (read from /proc, not from this process).
 * Profile the bot with e.g. `BENCH_BOT_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof"`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { startFakeDiscord, type FakeDiscord } from '../tests/support/fake-discord.js';
import * as payloads from '../tests/support/payloads.js';

const TOKEN = 'MTEwMDAwMDAwMDAwMDAwMDAwMQ.GxYzAb.abcdefghijklmnopqrstuvwxyz0123';
const GUILD_ID = '1200000000000000001';
const root = fileURLToPath(new URL('..', import.meta.url));
const TARGETS = { ask: 10, autocomplete: 5, rssMb: 150 } as const;

const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
/** The target and whether the value meets it: "≤ 10 ✓" or "≤ 10 ✗". */
const verdict = (value: number, target: number) => `≤ ${target} ${value <= target ? '✓' : '✗'}`;

/** Resident and peak memory of another process, in MB (Linux /proc; null elsewhere). */
export const processMemory = (pid: number): { rssMb: number; peakMb: number } | null => {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
  } catch {
    return null;
  }
};

/** The production entry point bundled as scripts/build.mjs bundles it (dependencies external). */
const bundleMain = async (): Promise<string> => {
  const outdir = join(root, 'node_modules/.cache/checkpoint-bench');
  await build({ entryPoints: { main: join(root, 'src/main.ts') }, outdir, outExtension: { '.js': '.mjs' }, bundle: true, format: 'esm', platform: 'node', target: 'node20', packages: 'external', logLevel: 'warning' });
  return join(outdir, 'main.mjs');
};

/**
 * CPU time another process has used, in ms (Linux /proc; null elsewhere). Per interaction it shows
 * the bot's own work even when other processes make wall-clock percentiles noisy.
 */
export const processCpuMs = (pid: number): number | null => {
  try {
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th, in ticks of 10 ms.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
};

/** The flags between `node` and the launcher in package.json's start script. */
const startNodeFlags = (): string[] => {
  const start = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start;
  return /^node\s+(.*?)\s*scripts\/launch\.mjs/.exec(start)?.[1]?.split(/\s+/).filter(Boolean) ?? [];
};

/** The bot in a scratch directory (no .env), against the fake Discord; resolves once it is connected. */
const startBotProcess = async (discord: FakeDiscord, dir: string, entry: string): Promise<{ child: ChildProcess; stderrTail: () => string }> => {
  // The Node flags `npm start` passes (package.json), then any the caller adds for profiling.
  const nodeArgs = [...startNodeFlags(), ...(process.env.BENCH_BOT_NODE_ARGS ?? '').split(' ').filter(Boolean)];
  const child = spawn(process.execPath, [...nodeArgs, entry], {
    cwd: dir,
    env: {
      PATH: process.env.PATH ?? '',
      DISCORD_TOKEN: TOKEN,
      DISCORD_API_BASE: discord.apiBase,
      DATABASE_PATH: join(dir, 'bench.db'),
      LOG_LEVEL: 'info',
      NODE_ENV: 'production',
    },
    // Logs stay on: one line per interaction is part of what the bot does.
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let tail = '';
  child.stderr!.on('data', (d: Buffer) => (tail = (tail + d.toString()).slice(-4000)));
  const exited = new Promise<never>((_, reject) => child.once('exit', (code) => reject(new Error(`bot exited (${code}) before connecting:\n${tail}`))));
  exited.catch(() => undefined);
  await Promise.race([discord.waitForSession({ timeoutMs: 30_000 }), exited]);
  // Ready is logged once the registry is loaded and the gateway is ready.
  for (let i = 0; i < 500 && !tail.includes('connected to Discord'); i++) await new Promise((r) => setTimeout(r, 20));
  return { child, stderrTail: () => tail };
};

export async function benchDiscord(rounds = 500): Promise<string[]> {
  const discord = await startFakeDiscord({ token: TOKEN, guilds: [{ id: GUILD_ID, name: 'Bench', channels: [{ id: '1200000000000000002', name: 'general' }] }] });
  const dir = mkdtempSync(join(tmpdir(), 'checkpoint-bench-'));
  const { child } = await startBotProcess(discord, dir, await bundleMain());
  const questions = ['how much does a border patrol agent make', 'what training do new officers get', 'do i need a degree', 'whats expected at the proficient level', 'what are the challenges of the job'];
  const user = payloads.user({ username: 'bench' });
  const run = async (make: (i: number) => object) => {
    // Warm-up: the first answers build caches (suggested questions, regexes, JIT).
    for (let i = 0; i < 50; i++) await discord.interact(make(i));
    const times: number[] = [];
    const cpu0 = processCpuMs(child.pid!);
    for (let i = 0; i < rounds; i++) {
      const t = performance.now();
      await discord.interact(make(i));
      times.push(performance.now() - t);
    }
    const cpu1 = processCpuMs(child.pid!);
    return { p50: percentile(times, 50), p99: percentile(times, 99), cpu: cpu0 !== null && cpu1 !== null ? (cpu1 - cpu0) / rounds : null };
  };
  const line = (label: string, r: { p50: number; p99: number; cpu: number | null }, target?: number) =>
    `${label.padEnd(14)} p50 ${r.p50.toFixed(2)} ms  p99 ${r.p99.toFixed(2)} ms  (${rounds} interactions)${target ? `  target p99 ${verdict(r.p99, target)}` : ''}${r.cpu !== null ? `  bot CPU ${r.cpu.toFixed(2)} ms each` : ''}`;
  try {
    const lines = ['', '## Discord interactions (the bot as its own process ↔ fake Discord on 127.0.0.1)', `load average before: ${loadavg()[0]!.toFixed(2)} on ${cpus().length} CPUs (wall-clock percentiles need an idle machine)`];
    lines.push(line('/ask', await run((i) => payloads.slashCommand({ name: 'ask', guild: discord.guild(), user, options: { question: questions[i % questions.length]! } })), TARGETS.ask));
    lines.push(line('/salary', await run(() => payloads.slashCommand({ name: 'salary', guild: discord.guild(), user }))));
    lines.push(
      line(
        'autocomplete',
        await run((i) => payloads.autocomplete({ name: 'ask', guild: discord.guild(), user, focused: 'question', value: 'salary border'.slice(0, 1 + (i % 13)) })),
        TARGETS.autocomplete,
      ),
    );
    const mem = processMemory(child.pid!);
    lines.push(
      mem
        ? `bot process rss ${mem.rssMb.toFixed(1)} MB (peak ${mem.peakMb.toFixed(1)} MB)  target ${verdict(mem.rssMb, TARGETS.rssMb)}  (bundled, as npm start runs it after npm install)`
        : 'bot process rss: not measurable on this platform (no /proc)',
    );
    return lines;
  } finally {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
    await discord.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
