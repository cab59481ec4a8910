/**
 * The bot as its own process, as `npm start` runs it after `npm install` (the bundled entry point
 * and the Node flags of package.json's start script), against a fake Discord in the calling
 * process: the two share neither an event loop nor a heap, so latency and memory are the bot's.
 * Used by the Discord benchmark (bench/discord.ts) and the long fuzz (scripts/fuzz.ts).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { FakeDiscord } from '../tests/support/fake-discord.js';

const root = fileURLToPath(new URL('..', import.meta.url));

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

/**
 * The production entry point bundled as scripts/build.mjs bundles it (dependencies external), into
 * `outdir` under the project so the bundle finds node_modules and data/ (dist/ is left alone).
 */
export const bundleMain = async (outdir: string): Promise<string> => {
  const dir = join(root, outdir);
  await build({
    entryPoints: { main: join(root, 'src/main.ts') },
    outdir: dir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
  });
  return join(dir, 'main.mjs');
};

/** The flags between `node` and the launcher in package.json's start script. */
const startNodeFlags = (): string[] => {
  const start = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts
    .start;
  return /^node\s+(.*?)\s*scripts\/launch\.mjs/.exec(start)?.[1]?.split(/\s+/).filter(Boolean) ?? [];
};

export type BotProcessOptions = {
  /** The bot's working directory (no .env there). */
  dir: string;
  /** The bundled entry point (bundleMain). */
  entry: string;
  token: string;
  databasePath: string;
  /** Each JSON log line the bot writes to stderr. */
  onLogLine?: (line: string) => void;
};

export type BotProcess = { child: ChildProcess; stderrTail: () => string };

/** Starts the bot against the fake Discord; resolves once it is connected. */
export const startBotProcess = async (discord: FakeDiscord, o: BotProcessOptions): Promise<BotProcess> => {
  // The Node flags `npm start` passes (package.json), then any the caller adds for profiling.
  const nodeArgs = [...startNodeFlags(), ...(process.env.BENCH_BOT_NODE_ARGS ?? '').split(' ').filter(Boolean)];
  const child = spawn(process.execPath, [...nodeArgs, o.entry], {
    cwd: o.dir,
    env: {
      PATH: process.env.PATH ?? '',
      DISCORD_TOKEN: o.token,
      DISCORD_API_BASE: discord.apiBase,
      DATABASE_PATH: o.databasePath,
      LOG_LEVEL: 'info',
      NODE_ENV: 'production',
    },
    // Logs stay on: one line per interaction is part of what the bot does.
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let tail = '';
  let partial = '';
  child.stderr!.on('data', (d: Buffer) => {
    const text = d.toString();
    tail = (tail + text).slice(-4000);
    if (!o.onLogLine) return;
    const lines = (partial + text).split('\n');
    partial = lines.pop()!;
    for (const line of lines) if (line.trim()) o.onLogLine(line);
  });
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code) => reject(new Error(`bot exited (${code}) before connecting:\n${tail}`))),
  );
  exited.catch(() => undefined);
  await Promise.race([discord.waitForSession({ timeoutMs: 30_000 }), exited]);
  // Ready is logged once the registry is loaded and the gateway is ready.
  for (let i = 0; i < 500 && !tail.includes('connected to Discord'); i++) await new Promise((r) => setTimeout(r, 20));
  return { child, stderrTail: () => tail };
};

/** Asks the bot to shut down (SIGTERM: it drains in-flight work) and waits for it to exit. */
export const stopBotProcess = async (child: ChildProcess): Promise<void> => {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
};
